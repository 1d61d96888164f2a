/**
 * Factories for IdP events as they reach the consumer: whole EventBridge envelopes (Okta,
 * Identity Center, generic) and the Lambda SQS records that carry them. Shapes follow the
 * samples in test/fixtures/idp-samples (see its README for their provenance).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventBridgeEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { PoisonError } from '../../src/core/errors';
import { GENERIC_DETAIL_TYPE, GENERIC_SOURCE, IIC_DETAIL_TYPE, MASKED, OKTA_DETAIL_TYPE } from '../../src/core/events';

/** A whole EventBridge event, as the SQS body holds it. */
export type Envelope<TDetail = Record<string, unknown>> = EventBridgeEvent<string, TDetail>;

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const SAMPLES_DIR = join(__dirname, '..', 'fixtures', 'idp-samples');

/** A sample from test/fixtures/idp-samples, parsed (e.g. `idpSample('okta-1.envelope.json')`). */
export function idpSample<T = Envelope>(name: string): T {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, name), 'utf8')) as T;
}

function envelope<TDetail>(source: string, detailType: string, time: string, detail: TDetail): Envelope<TDetail> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: ACCOUNT,
    time: time.replace(/\.\d+Z$/, 'Z'),
    region: REGION,
    resources: [],
    detail,
  };
}

/** Okta target `type`s the factory can put on the user. */
export type OktaUserTargetType = 'User' | 'AppUser';

export type OktaEventOptions = {
  eventType: string;
  userId: string;
  login: string;
  groupId?: string;
  groupName?: string;
  /** Default: a random UUID. */
  uuid?: string;
  /** Default: now. */
  published?: string;
  /** `outcome.result`; default `SUCCESS`. */
  outcome?: string;
  /** Default `User`; `AppUser` for AD/LDAP imports. */
  userTargetType?: OktaUserTargetType;
  /** Default `aws.partner/okta.com/example-org/wickr-sync`. */
  source?: string;
};

/** An Okta System Log event from the partner event source (User target first, then the group). */
export function oktaEvent(options: OktaEventOptions): Envelope {
  const published = options.published ?? new Date().toISOString();
  const target: Record<string, unknown>[] = [
    {
      id: options.userId,
      type: options.userTargetType ?? 'User',
      alternateId: options.login,
      displayName: 'Test User',
      detailEntry: null,
    },
  ];
  if (options.groupId !== undefined || options.groupName !== undefined) {
    target.push({
      id: options.groupId ?? '00gtestgroup000000000',
      type: options.userTargetType === 'AppUser' ? 'AppGroup' : 'UserGroup',
      alternateId: 'unknown',
      displayName: options.groupName ?? 'Test Group',
      detailEntry: null,
    });
  }
  return envelope(options.source ?? 'aws.partner/okta.com/example-org/wickr-sync', OKTA_DETAIL_TYPE, published, {
    actor: { id: '00uadmin0000000000001', type: 'User', alternateId: 'admin@example.com', displayName: 'Admin', detailEntry: null },
    displayMessage: options.eventType,
    eventType: options.eventType,
    outcome: { result: options.outcome ?? 'SUCCESS', reason: null },
    published,
    severity: 'INFO',
    debugContext: { debugData: { requestUri: `/api/v1/users/${options.userId}` } },
    legacyEventType: null,
    transaction: { type: 'WEB', id: randomUUID(), detail: {} },
    uuid: options.uuid ?? randomUUID(),
    version: '0',
    target,
  });
}

export type IicEventOptions = {
  eventName: string;
  userId?: string;
  groupId?: string;
  membershipId?: string;
  /** Default: a random UUID. */
  eventID?: string;
  /** Default: now (second precision, as CloudTrail writes it). */
  eventTime?: string;
  /** Default: the service that emits `eventName` (sso-directory for console calls, SCIM for Patch*). */
  eventSource?: string;
  /** Set to make it a failed call. */
  errorCode?: string;
  identityStoreId?: string;
};

const CONSOLE_CALLS = ['AddMemberToGroup', 'RemoveMemberFromGroup', 'DisableUser', 'EnableUser'];
const SCIM_CALLS = ['PatchUser', 'PatchGroup'];
const SCIM_SOURCE = 'identitystore-scim.amazonaws.com';

/** An IAM Identity Center CloudTrail event (`AWS API Call via CloudTrail`). */
export function iicEvent(options: IicEventOptions): Envelope {
  const eventSource =
    options.eventSource ?? (CONSOLE_CALLS.includes(options.eventName) ? 'sso-directory.amazonaws.com' : SCIM_CALLS.includes(options.eventName) ? SCIM_SOURCE : 'identitystore.amazonaws.com');
  const eventTime = options.eventTime ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const identityStoreId = options.identityStoreId ?? 'd-9a6763d7d3';
  const { requestParameters, responseElements } = iicPayload(options, eventSource, identityStoreId);
  return envelope(eventSource.startsWith('sso-directory') ? 'aws.sso-directory' : 'aws.identitystore', IIC_DETAIL_TYPE, eventTime, {
    eventVersion: '1.11',
    userIdentity: { type: 'AssumedRole', accountId: ACCOUNT },
    eventTime,
    eventSource,
    eventName: options.eventName,
    awsRegion: REGION,
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-sdk-js/3',
    requestParameters,
    responseElements,
    requestID: randomUUID(),
    eventID: options.eventID ?? randomUUID(),
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...(options.errorCode !== undefined && { errorCode: options.errorCode, errorMessage: 'The call failed.' }),
  });
}

function iicPayload(options: IicEventOptions, eventSource: string, identityStoreId: string): { requestParameters: Record<string, unknown>; responseElements: Record<string, unknown> | null } {
  const userId = options.userId ?? randomUUID();
  const groupId = options.groupId ?? randomUUID();
  const membershipId = options.membershipId ?? randomUUID();
  if (eventSource === SCIM_SOURCE) {
    const masked = { operations: [{ op: 'ADD', path: 'members', value: MASKED }], schemas: [MASKED] };
    const id = options.eventName === 'PatchGroup' ? groupId : userId;
    return { requestParameters: { httpBody: masked, tenantId: 'xxxx', id }, responseElements: null };
  }
  switch (options.eventName) {
    case 'CreateGroupMembership':
      return {
        requestParameters: { identityStoreId, groupId, memberId: { userId } },
        responseElements: { membershipId, identityStoreId },
      };
    case 'DeleteGroupMembership':
      return { requestParameters: { identityStoreId, membershipId }, responseElements: null };
    case 'AddMemberToGroup':
    case 'RemoveMemberFromGroup':
      return { requestParameters: { identityStoreId, groupId, member: { memberId: userId } }, responseElements: null };
    case 'UpdateUser':
      return {
        requestParameters: { identityStoreId, userId, operations: [{ attributePath: 'name.familyName', attributeValue: MASKED }] },
        responseElements: null,
      };
    default:
      return { requestParameters: { identityStoreId, userId }, responseElements: null };
  }
}

/** The user of a generic event; omitted fields take test defaults (active, no groups). */
export type GenericUserOptions = {
  externalId: string;
  email?: string;
  login?: string;
  firstName?: string;
  lastName?: string;
  active?: boolean;
  groups?: { id: string; name?: string }[];
};

/** A generic `IdentityUserState` event carrying the user's full state. */
export function genericEvent(options: { eventId?: string; occurredAt?: string; user: GenericUserOptions }): Envelope {
  const occurredAt = options.occurredAt ?? new Date().toISOString();
  const { active = true, groups = [], ...user } = options.user;
  return envelope(GENERIC_SOURCE, GENERIC_DETAIL_TYPE, occurredAt, {
    eventId: options.eventId ?? randomUUID(),
    occurredAt,
    user: { ...user, active, groups },
  });
}

/** A Lambda SQS record carrying `body` (objects are JSON-encoded), as the event source mapping delivers it. */
export function sqsRecord(body: string | object, overrides: Partial<SQSRecord> = {}): SQSRecord {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}`,
    body: text,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(text).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:idp-events`,
    awsRegion: REGION,
    ...overrides,
  };
}

/** The Lambda event for a batch of SQS records. */
export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** Runs `run` and returns the PoisonError it throws; fails the test if it throws nothing or something else. */
export function poisonFrom(run: () => unknown): PoisonError {
  try {
    run();
  } catch (error) {
    if (error instanceof PoisonError) return error;
    throw error;
  }
  throw new Error('expected a PoisonError, but nothing was thrown');
}

/** A SCIM event as the stack's SCIM endpoint publishes it (src/core/scim/events.ts). */
export function scimEvent(
  detailType: 'ScimUserChanged' | 'ScimGroupChanged',
  detail: { eventId?: string; occurredAt?: string; userId?: string; groupId?: string; memberIds?: string[] } & Record<string, unknown>,
): Envelope {
  const occurredAt = detail.occurredAt ?? new Date().toISOString();
  return envelope('wickr-idp-sync.scim', detailType, occurredAt, { eventId: `${detail.userId ?? detail.groupId ?? 'x'}:${randomUUID()}`, occurredAt, ...detail });
}
