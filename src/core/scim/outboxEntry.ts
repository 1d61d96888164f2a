/** The outbox entries (events) announcing each kind of write, with the `<resourceId>:<version>` event id. */
import { ScimDetailType, type ScimGroupChangedDetail, type ScimUserChangedDetail } from './events';
import type { OutboxEntry } from './types';

/** `ScimUserChanged` for version `version` of user `userId`. */
export function userChanged(userId: string, version: number, occurredAt: string): OutboxEntry {
  const eventId = `${userId}:${version}`;
  const detail: ScimUserChangedDetail = { eventId, occurredAt, userId };
  return { eventId, detailType: ScimDetailType.UserChanged, detail, createdAt: occurredAt };
}

/** `ScimGroupChanged` for version `version` of group `groupId`; `memberIds` undefined when the whole group is concerned. */
export function groupChanged(groupId: string, version: number, occurredAt: string, memberIds?: readonly string[]): OutboxEntry {
  const eventId = `${groupId}:${version}`;
  const detail: ScimGroupChangedDetail = memberIds === undefined ? { eventId, occurredAt, groupId } : { eventId, occurredAt, groupId, memberIds: [...memberIds] };
  return { eventId, detailType: ScimDetailType.GroupChanged, detail, createdAt: occurredAt };
}
