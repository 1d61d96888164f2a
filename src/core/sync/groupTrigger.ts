import { DependencyError, PoisonError } from '../errors';
import { groupKey, userKey } from '../events';
import { Outcome } from '../types';
import type { BatchDeps } from './processBatch';
import type { GroupWork } from './prepare';
import { syncUser } from './syncUser';

/**
 * A group-wide trigger (SCIM PatchGroup, whose member list is masked): re-sync everyone in
 * the group now, and everyone who was in it at their last sync (they may have just left).
 */
export async function processGroupTrigger(work: GroupWork, deps: BatchDeps): Promise<Outcome> {
  if (await deps.store.isProcessed(work.eventKey)) return Outcome.Duplicate;
  const { source, idpGroupId, eventId, occurredAt } = work.trigger;
  const directory = deps.directories[source];
  if (!directory) throw new PoisonError('SourceNotConfigured', `events from ${source} arrive but no ${source} directory is configured`);

  const prefix = userKey(source, '');
  const current = await directory.listGroupMemberIds(idpGroupId);
  const before = (await deps.store.listGroupUserKeys(groupKey(source, idpGroupId)))
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  const members = [...new Set([...current, ...before])];

  let applied = false;
  for (const idpUserId of members) {
    const key = userKey(source, idpUserId);
    if (!(await deps.store.acquireLease(key, deps.owner, deps.leaseMs))) {
      throw new DependencyError(`user ${key} is being synced by another invocation`, { dependency: 'store', kind: 'TRANSIENT', code: 'UserBusy' });
    }
    try {
      const result = await syncUser({ source, idpUserId, eventId, occurredAt }, deps);
      applied ||= result.outcome === 'applied';
    } finally {
      await deps.store.releaseLease(key, deps.owner).catch(() => undefined);
    }
  }
  await deps.store.markProcessed(work.eventKey);
  return applied ? Outcome.Applied : Outcome.Unchanged;
}
