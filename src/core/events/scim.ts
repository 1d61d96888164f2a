/**
 * The events the stack's SCIM endpoint publishes (`wickr-idp-sync.scim`, contract in
 * src/core/scim/events.ts). Like Okta's and Identity Center's they are triggers only: the
 * consumer re-reads the user from the SCIM store, so a late or repeated event cannot undo a
 * newer change.
 */
import * as z from 'zod/mini';
import { ScimDetailType } from '../scim/events';
import { IdpSource, type ParsedEvent } from '../types';
import type { EventBridgeEnvelope } from './envelope';
import { idString, parseField, timestamp } from './fields';
import { ignored } from './ignored';

/** Ids become DynamoDB keys (and ResyncUser `runId`s): bound them well below the key size limit. */
const SCIM_ID_MAX_LENGTH = 256;
/** A SCIM group PATCH carries at most a few hundred member changes; a deleted group names every member. */
const SCIM_MEMBER_IDS_MAX = 10_000;

const scimId = idString.check(z.maxLength(SCIM_ID_MAX_LENGTH, { error: `expected at most ${SCIM_ID_MAX_LENGTH} characters` }));

const UserChangedSchema = z.looseObject({ eventId: scimId, occurredAt: timestamp, userId: scimId });
const GroupChangedSchema = z.looseObject({
  eventId: scimId,
  occurredAt: timestamp,
  groupId: scimId,
  memberIds: z.optional(z.array(scimId).check(z.maxLength(SCIM_MEMBER_IDS_MAX, { error: `expected at most ${SCIM_MEMBER_IDS_MAX} ids` }))),
});

/**
 * Parses a SCIM event: `ScimUserChanged` becomes a user trigger; `ScimGroupChanged` a group
 * trigger, which fans out to exactly `memberIds` when the event names them, else to the group's
 * members. A missing or malformed field throws `PoisonError('MalformedEvent')` naming it.
 */
export function parseScimEvent(envelope: EventBridgeEnvelope): ParsedEvent {
  const type = envelope['detail-type'];
  if (type === ScimDetailType.UserChanged) {
    const { eventId, occurredAt, userId } = parseField(UserChangedSchema, envelope.detail, ['detail']);
    return { kind: 'user', source: IdpSource.Scim, eventId, eventType: type, occurredAt, user: { by: 'id', idpUserId: userId } };
  }
  if (type === ScimDetailType.GroupChanged) {
    const { eventId, occurredAt, groupId, memberIds } = parseField(GroupChangedSchema, envelope.detail, ['detail']);
    return { kind: 'group', source: IdpSource.Scim, eventId, eventType: type, occurredAt, idpGroupId: groupId, ...(memberIds !== undefined && { memberIds: [...new Set(memberIds)] }) };
  }
  return ignored(`SCIM detail-type "${type}" is not handled`, { source: IdpSource.Scim });
}
