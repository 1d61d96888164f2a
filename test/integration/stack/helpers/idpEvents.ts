import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { IIC_EVENT_NAMES, OKTA_EVENT_TYPES } from '../../../../src/core/events/supported';
import { SCIM_SOURCE, ScimDetailType } from '../../../../src/core/scim/events';
import { buildTestEvent } from '../../../../scripts/send-test-event';

/**
 * The events the routing test publishes: the shared IdP samples, one synthetic event per
 * supported type, and noise that must not reach the queue (logins, failed outcomes, CloudTrail
 * reads and errors, other sources). `rule` names the one rule that must deliver it, or null.
 */
export type RuleId = 'OktaRule' | 'IdentityCenterRule' | 'GenericRule' | 'ScimRule';
export type CatalogueEvent = { readonly label: string; readonly rule: RuleId | null; readonly entry: PutEventsRequestEntry };

const SAMPLES = join(__dirname, '../../../fixtures/idp-samples');

type Envelope = { source: string; 'detail-type': string; resources?: string[]; detail: Record<string, unknown> };

function sample(name: string): Envelope {
  return JSON.parse(readFileSync(join(SAMPLES, `${name}.envelope.json`), 'utf8')) as Envelope;
}

function toEntry(envelope: Envelope): PutEventsRequestEntry {
  return { Source: envelope.source, DetailType: envelope['detail-type'], Resources: envelope.resources ?? [], Detail: JSON.stringify(envelope.detail) };
}

/** A copy of a sample with parts of its detail (or envelope) replaced. */
function variant(name: string, change: { source?: string; detailType?: string; detail?: Record<string, unknown> }): Envelope {
  const base = sample(name);
  return {
    ...base,
    source: change.source ?? base.source,
    'detail-type': change.detailType ?? base['detail-type'],
    detail: { ...base.detail, ...change.detail },
  };
}

const event = (label: string, rule: RuleId | null, envelope: Envelope): CatalogueEvent => ({ label, rule, entry: toEntry(envelope) });

/** Every event of the routing test, with the rule expected to deliver it. */
export function catalogue(): CatalogueEvent[] {
  const okta = (label: string, rule: RuleId | null, change: Parameters<typeof variant>[1]): CatalogueEvent => event(label, rule, variant('okta-1', change));
  const cloudTrail = (label: string, rule: RuleId | null, change: Parameters<typeof variant>[1]): CatalogueEvent => event(label, rule, variant('iic-1', change));
  const generic = (label: string, rule: RuleId | null, detailType = 'IdentityUserState'): CatalogueEvent => {
    const { entry } = buildTestEvent({ email: 'jane.doe@example.com', groups: ['00g1=Wickr-Engineering'], active: true }, 'unused');
    return { label, rule, entry: { Source: entry.Source, DetailType: detailType, Detail: entry.Detail } };
  };
  // What the scim function publishes (src/core/scim/events.ts).
  const scim = (label: string, rule: RuleId | null, detailType: string, detail: Record<string, unknown>, source: string = SCIM_SOURCE): CatalogueEvent => ({
    label,
    rule,
    entry: { Source: source, DetailType: detailType, Detail: JSON.stringify({ eventId: 'u-1:3', occurredAt: '2026-12-06T10:00:00.000Z', ...detail }) },
  });
  return [
    ...['okta-1', 'okta-2', 'okta-3', 'okta-4'].map((s) => event(`sample ${s}`, 'OktaRule', sample(s))),
    ...OKTA_EVENT_TYPES.map((t) => okta(`okta ${t}`, 'OktaRule', { detail: { eventType: t } })),
    okta('okta login user.session.start', null, { detail: { eventType: 'user.session.start' } }),
    okta('okta failed membership add', null, { detail: { outcome: { result: 'FAILURE', reason: 'denied' } } }),
    okta('okta user.lifecycle.delete.completed', null, { detail: { eventType: 'user.lifecycle.delete.completed' } }),
    okta('okta group.profile.update', null, { detail: { eventType: 'group.profile.update' } }),
    okta('okta membership add from another partner', null, { source: 'aws.partner/auth0.com/example/wickr-sync' }),
    okta('okta membership add with another detail-type', null, { detailType: 'Okta Log' }),

    ...['iic-1', 'iic-2', 'iic-3', 'iic-4', 'iic-5', 'iic-6'].map((s) => event(`sample ${s}`, 'IdentityCenterRule', sample(s))),
    ...IIC_EVENT_NAMES.map((n) => cloudTrail(`cloudtrail ${n}`, 'IdentityCenterRule', { detail: { eventName: n } })),
    cloudTrail('cloudtrail sso-directory UpdateUser', 'IdentityCenterRule', { source: 'aws.sso-directory', detail: { eventSource: 'sso-directory.amazonaws.com', eventName: 'UpdateUser' } }),
    cloudTrail('cloudtrail ListUsers', null, { detail: { eventName: 'ListUsers', readOnly: true } }),
    cloudTrail('cloudtrail DescribeUser', null, { detail: { eventName: 'DescribeUser', readOnly: true } }),
    cloudTrail('cloudtrail CreateUser', null, { detail: { eventName: 'CreateUser' } }),
    cloudTrail('cloudtrail CreateGroupMembership that failed', null, { detail: { errorCode: 'AccessDeniedException', errorMessage: 'not authorized' } }),
    cloudTrail('cloudtrail DisableUser that failed', null, { detail: { eventName: 'DisableUser', errorCode: 'ResourceNotFoundException' } }),
    cloudTrail('cloudtrail IAM UpdateUser', null, { source: 'aws.iam', detail: { eventSource: 'iam.amazonaws.com', eventName: 'UpdateUser' } }),
    cloudTrail('cloudtrail S3 PutObject', null, { source: 'aws.s3', detail: { eventSource: 's3.amazonaws.com', eventName: 'PutObject' } }),
    event('identity store native notification', null, sample('iic-native-notification')),

    generic('generic IdentityUserState', 'GenericRule'),
    generic('generic other detail-type', null, 'IdentityGroupState'),

    scim('scim user changed', 'ScimRule', ScimDetailType.UserChanged, { userId: 'u-1' }),
    scim('scim group members changed', 'ScimRule', ScimDetailType.GroupChanged, { groupId: 'g-1', memberIds: ['u-1', 'u-2'] }),
    scim('scim group renamed', 'ScimRule', ScimDetailType.GroupChanged, { groupId: 'g-1' }),
    scim('scim other detail-type', null, 'ScimTokenCreated', { tokenId: 't-1' }),
    scim('scim detail-type from another source', null, ScimDetailType.UserChanged, { userId: 'u-1' }, 'wickr-idp-sync.generic'),
    ...['entra-1', 'google-1', 'auth0-1', 'auth0-2', 'auth0-4'].map((s) => event(`sample ${s}`, null, sample(s))),
  ];
}
