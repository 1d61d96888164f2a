import { createHash } from 'node:crypto';
import { PoisonError } from '../errors';
import { groupKey, isKeyTooLong, ResyncOrigin, resyncMessageBody, userKey } from '../events';
import type { DirectoryPort, QueuePort, StateStore } from '../ports';
import { IdpSource, Outcome } from '../types';
import type { GroupWork } from './prepare';

/** What a group-wide trigger needs. */
export type GroupTriggerDeps = {
  readonly store: StateStore;
  readonly queue: QueuePort;
  readonly directories: Partial<Record<IdpSource, DirectoryPort>>;
  readonly dryRun: boolean;
};

/** A ResyncUser `runId` is at most 128 characters. */
const RUN_ID_MAX_LENGTH = 128;

/**
 * A group-wide trigger (SCIM PatchGroup, whose member list is masked) fans out: one
 * `ResyncUser` message per member now, and per user who was in the group at their last sync
 * (they may have just left). Each member then succeeds, waits or fails on its own record, so a
 * large group finishes, one busy member does not hold back the rest, and one unmappable member
 * is dead-lettered alone. A retried trigger sends the same messages again; their event ids
 * (`<runId>:<idpUserId>`) make the copies duplicates.
 */
export async function processGroupTrigger(work: GroupWork, deps: GroupTriggerDeps): Promise<{ outcome: Outcome; reason?: string }> {
  if (await deps.store.isProcessed(work.eventKey)) return { outcome: Outcome.Duplicate };
  const { source, idpGroupId, eventId, occurredAt } = work.trigger;
  const directory = deps.directories[source];
  if (!directory) throw new PoisonError('SourceNotConfigured', `events from ${source} arrive but no ${source} directory is configured`);
  if (source === IdpSource.Generic) throw new PoisonError('SourceNotConfigured', 'generic events carry no group-wide triggers');
  const group = groupKey(source, idpGroupId);
  if (isKeyTooLong(group)) throw new PoisonError('MalformedEvent', 'idpGroupId: is longer than a storage key allows', { field: 'idpGroupId' });

  // A SCIM group event names the users whose membership changed: exactly those, with no read.
  const members = work.trigger.memberIds ? [...work.trigger.memberIds] : await groupMembers(directory, deps.store, source, idpGroupId, group);

  const runId = eventId.length <= RUN_ID_MAX_LENGTH ? eventId : createHash('sha256').update(eventId).digest('hex');
  await deps.queue.sendMessages(
    members.map((idpUserId) => ({
      body: resyncMessageBody({ runId, origin: ResyncOrigin.GroupFanOut, source, idpUserId, requestedAt: occurredAt }),
    })),
  );
  if (!deps.dryRun) await deps.store.markProcessed(work.eventKey);
  return { outcome: Outcome.Unchanged, reason: `fanned out to ${members.length} members as ResyncUser messages` };
}

/** The group's current members and the users recorded in it at their last sync (who may have just left). */
async function groupMembers(directory: DirectoryPort, store: StateStore, source: IdpSource, idpGroupId: string, group: string): Promise<string[]> {
  const prefix = userKey(source, '');
  const current = await directory.listGroupMemberIds(idpGroupId);
  const before = (await store.listGroupUserKeys(group)).filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  return [...new Set([...current, ...before])];
}
