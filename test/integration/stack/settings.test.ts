/**
 * stack/settings.js checks the deployer's parameters before osls packages anything; these cases
 * call its `validate` directly (packaging a stack per bad value would take minutes).
 */
import { STACK_DEFAULT_PARAMS } from '../../helpers/stackParams';

type Validate = (raw: Record<string, string>) => { settings: Record<string, unknown>; errors: string[] };
// stack/settings.js is plain CommonJS (osls loads it), so it is required rather than imported.
const { validate } = require('../../../stack/settings') as { validate: Validate };

const VALID = STACK_DEFAULT_PARAMS;

describe('stack parameter validation', () => {
  it('accepts the defaults with a network id', () => {
    expect(validate(VALID).errors).toEqual([]);
  });

  it('accepts a complete Okta and Identity Center set-up', () => {
    const { errors, settings } = validate({
      ...VALID,
      oktaEventSourceName: 'aws.partner/okta.com/example-org/wickr-sync',
      oktaOrgUrl: 'https://example.okta.com',
      oktaTokenSecretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-token-AbCdEf',
      identityCenterEnabled: 'true',
      identityStoreId: 'd-9a6763d7d3',
    });
    expect(errors).toEqual([]);
    expect(settings).toMatchObject({ identityCenterEnabled: true, batchSize: 10 });
  });

  it.each([
    ['a missing network id', { wickrNetworkId: '' }, 'wickrNetworkId'],
    ['a network id that is not 8 digits', { wickrNetworkId: '1234' }, 'wickrNetworkId'],
    ['an Okta source without org and token', { oktaEventSourceName: 'aws.partner/okta.com/org/name' }, 'oktaOrgUrl'],
    ['an Okta source that is not an Okta partner source', { oktaEventSourceName: 'aws.partner/auth0.com/t/s', oktaOrgUrl: 'https://x.okta.com', oktaTokenSecretId: 't' }, 'oktaEventSourceName'],
    ['an Okta org without its event source', { oktaOrgUrl: 'https://x.okta.com', oktaTokenSecretId: 't' }, 'oktaEventSourceName'],
    ['Identity Center on without a store id', { identityCenterEnabled: 'true' }, 'identityStoreId'],
    ['a yes/no that is neither', { dryRun: 'yes' }, 'dryRun'],
    ['a batch over 10 without a batching window', { batchSize: '50', batchingWindow: '0' }, 'batchingWindow'],
    ['maximumConcurrency below the SQS minimum of 2', { maximumConcurrency: '1' }, 'maximumConcurrency'],
    ['fewer than 5 receives before dead-lettering', { maxReceiveCount: '3' }, 'maxReceiveCount'],
    ['a timeout above the Lambda maximum of 900 s', { functionTimeout: '901' }, 'functionTimeout'],
    ['a log retention CloudWatch does not offer', { logRetentionDays: '31' }, 'logRetentionDays'],
    ['an alarm e-mail that is not one', { alarmEmail: 'ops' }, 'alarmEmail'],
    ['a retry mode the Wickr client does not have', { wickrRetryMode: 'legacy' }, 'wickrRetryMode'],
    ['a reconcile schedule EventBridge does not understand', { reconcileSchedule: 'every 6 hours' }, 'reconcileSchedule'],
    ['a reconcile rate of zero', { reconcileSchedule: 'rate(0 hours)' }, 'reconcileSchedule'],
    ['a publisher that is not an IAM ARN', { genericPublisherArns: 'arn:aws:iam::111122223333:role/relay,relay' }, 'genericPublisherArns'],
    ['an account root as publisher', { genericPublisherArns: 'arn:aws:iam::111122223333:root' }, 'genericPublisherArns'],
    ['more Wickr concurrency than the handler allows', { wickrConcurrency: '51' }, 'wickrConcurrency'],
    ['a configuration max age of 0', { configMaxAgeSeconds: '0' }, 'configMaxAgeSeconds'],
    ['a SCIM switch that is neither true nor false', { scimEnabled: 'yes' }, 'scimEnabled'],
    ['a SCIM rate below the 25 requests/s Entra expects', { scimThrottleRate: '10' }, 'scimThrottleRate'],
    ['a SCIM burst below 25', { scimThrottleBurst: '20' }, 'scimThrottleBurst'],
    ['a SCIM burst below the SCIM rate', { scimThrottleRate: '200', scimThrottleBurst: '100' }, 'scimThrottleBurst'],
  ])('rejects %s, naming the parameter', (_label, change, parameter) => {
    const { errors } = validate({ ...VALID, ...change });
    expect(errors.some((e) => e.startsWith(`--param ${parameter}=`))).toBe(true);
  });

  it.each(['off', 'rate(1 day)', 'rate(30 minutes)', 'cron(0 3 * * ? *)'])('accepts the reconcile schedule %s', (reconcileSchedule) => {
    expect(validate({ ...VALID, reconcileSchedule }).errors).toEqual([]);
  });

  it('rejects a timeout that would make the handler defer every record, saying why', () => {
    const { errors } = validate({ ...VALID, functionTimeout: '4' });
    expect(errors).toEqual([expect.stringMatching(/^--param functionTimeout="4": at least 10: the handler keeps 3 s in reserve .* defer every record/)]);
    expect(validate({ ...VALID, functionTimeout: '10' }).errors).toEqual([]);
  });

  it('turns the generic source on with a comma-separated list of role and user ARNs, trimmed and without duplicates', () => {
    const { errors, settings } = validate({
      ...VALID,
      genericPublisherArns: ' arn:aws:iam::111122223333:role/idp-relay , arn:aws-us-gov:iam::123456789012:user/path/bridge,arn:aws:iam::111122223333:role/idp-relay',
    });
    expect(errors).toEqual([]);
    expect(settings.genericPublisherArns).toEqual(['arn:aws:iam::111122223333:role/idp-relay', 'arn:aws-us-gov:iam::123456789012:user/path/bridge']);
    expect(validate(VALID).settings.genericPublisherArns).toEqual([]);
  });

  it('leaves the SCIM endpoint off by default and turns it on with scimEnabled=true', () => {
    expect(validate(VALID).settings).toMatchObject({ scimEnabled: false, scimThrottleRate: 50, scimThrottleBurst: 100 });
    const { errors, settings } = validate({ ...VALID, scimEnabled: 'true', scimThrottleRate: '25', scimThrottleBurst: '25' });
    expect(errors).toEqual([]);
    expect(settings).toMatchObject({ scimEnabled: true, scimThrottleRate: 25, scimThrottleBurst: 25 });
  });

  it('rejects a stage too long for the names derived from it', () => {
    expect(validate({ ...VALID, stage: 'a-very-long-stage-name-indeed' }).errors).toEqual([expect.stringMatching(/^--stage a-very-long/)]);
  });
});
