import { randomUUID } from 'node:crypto';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ConfigMetric, METRICS_NAMESPACE, SERVICE_NAME } from '../../../src/core/metrics';
import { oktaTokenSource } from '../../../src/handlers/sync/dependencies';
import { oktaEvent } from '../../helpers/events';
import { uniqueName } from '../../helpers/moto';
import { MAPPING, OKTA_SEED, startHarness, type Harness } from './harness';

/**
 * The mapping (SSM) and the Okta token (Secrets Manager) are kept for CONFIG_MAX_AGE_SECONDS,
 * then read again by the same execution environment. Time is moved with jest's clock (Date
 * only; timers stay real), which Powertools' cache, the handler and the emulators all read.
 */
const MAX_AGE_SECONDS = 60;
const REAL_TIMERS = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;
const later = (seconds: number): void => jest.setSystemTime(Date.now() + seconds * 1000);
const ssm = new SSMClient({});

const boJoinsEngineering = () => oktaEvent({ eventType: 'group.user_membership.add', userId: '00uBo', login: 'bo@example.com', groupId: '00gEng', groupName: 'Engineering', uuid: randomUUID() });
const engineeringTo = (securityGroupId: string) => ({ ...MAPPING, securityGroups: [{ idpGroup: '00gEng', securityGroupId }] });

describe('Configuration refresh without a cold start', () => {
  let h: Harness;
  beforeEach(() => jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], advanceTimers: true }));
  afterEach(async () => {
    jest.useRealTimers();
    await h?.stop();
  });

  /** Publishes one event for Bo and has the given handler process it. */
  const syncBo = async (handler: Harness['handler']) => {
    await h.publish([boJoinsEngineering()]);
    const response = await h.invoke(await h.receive(), handler);
    expect(response.batchItemFailures).toEqual([]);
    return h.wickrUser('1002')?.securityGroupIds;
  };

  it('applies an SSM mapping edit once the cached one is older than CONFIG_MAX_AGE_SECONDS, in the same execution environment', async () => {
    h = await startHarness({ mapping: engineeringTo('SGENG001') });
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    const handler = h.handlerFor({ config: { ...h.config, configMaxAgeSeconds: MAX_AGE_SECONDS } });
    expect(await syncBo(handler)).toEqual(['SGENG001']);

    await ssm.send(new PutParameterCommand({ Name: h.config.mapping.parameterName, Type: 'String', Overwrite: true, Value: JSON.stringify(engineeringTo('SGADMIN1')) }));
    later(MAX_AGE_SECONDS / 2);
    expect(await syncBo(handler)).toEqual(['SGENG001']); // still within the maximum age

    later(MAX_AGE_SECONDS);
    expect(await syncBo(handler)).toEqual(['SGADMIN1']);
  });

  it('keeps the last good mapping when the new one is malformed, and counts each refusal', async () => {
    h = await startHarness({ mapping: engineeringTo('SGENG001') });
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'] });
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    const added = jest.spyOn(metrics, 'addMetric');
    const handler = h.handlerFor({ config: { ...h.config, configMaxAgeSeconds: MAX_AGE_SECONDS }, metrics });
    expect(await syncBo(handler)).toEqual(['SGENG001']);

    await ssm.send(new PutParameterCommand({ Name: h.config.mapping.parameterName, Type: 'String', Overwrite: true, Value: '{"networkId": "12345678", "securityGroups": [' }));
    later(MAX_AGE_SECONDS + 1);
    h.okta.setUser({ ...OKTA_SEED.users[1]!, groupIds: ['00gEng'], profile: { ...OKTA_SEED.users[1]!.profile, lastName: 'Chen-Li' } });
    expect(await syncBo(handler)).toEqual(['SGENG001']); // processed, with the last good mapping
    expect(h.wickrUser('1002')?.lastName).toBe('Chen-Li');
    expect(added.mock.calls.filter(([name]) => name === ConfigMetric.mappingRejected)).toHaveLength(1);

    await ssm.send(new PutParameterCommand({ Name: h.config.mapping.parameterName, Type: 'String', Overwrite: true, Value: JSON.stringify(engineeringTo('SGADMIN1')) }));
    later(MAX_AGE_SECONDS + 1);
    expect(await syncBo(handler)).toEqual(['SGADMIN1']);
    expect(added.mock.calls.filter(([name]) => name === ConfigMetric.mappingRejected)).toHaveLength(1);
  });
});

describe('Function: oktaTokenSource()', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], advanceTimers: true }));
  afterEach(() => jest.useRealTimers());

  it('keeps the token for CONFIG_MAX_AGE_SECONDS, and reads a rotated one at once when asked to refresh', async () => {
    const secrets = new SecretsManagerClient({});
    const secretId = uniqueName('okta-token');
    await secrets.send(new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ token: 'first' }) }));
    const config = { okta: { orgUrl: 'https://example.okta.com', tokenSecretId: secretId }, configMaxAgeSeconds: MAX_AGE_SECONDS } as Parameters<typeof oktaTokenSource>[0];
    const getToken = oktaTokenSource(config)!;
    expect(await getToken(false)).toBe('first');

    await secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify({ token: 'second' }) }));
    expect(await getToken(false)).toBe('first');
    expect(await getToken(true)).toBe('second'); // after a 401

    await secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: 'third' }));
    later(MAX_AGE_SECONDS / 2);
    expect(await getToken(false)).toBe('second');
    later(MAX_AGE_SECONDS);
    expect(await getToken(false)).toBe('third');
  });

  it('is absent when Okta is not configured', () => {
    expect(oktaTokenSource({ configMaxAgeSeconds: 300 } as Parameters<typeof oktaTokenSource>[0])).toBeUndefined();
  });
});
