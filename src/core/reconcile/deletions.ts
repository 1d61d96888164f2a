/**
 * Deletion after a grace period (`deprovisioning.deleteAfterDays`), the reconcile's side:
 * - after the listings, the recorded suspensions of the linked users Wickr lists as suspended
 *   are read into the run's snapshot (one small stream), so every invocation plans the same;
 * - the plan deletes a user whose IdP user is still deleted or deactivated and whose recorded
 *   suspension is due (mapping/deprovisioning.ts), through the consumer like every other change:
 *   a ResyncUser with `action: "delete"`, which the consumer checks again before BatchDeleteUser.
 */
import { userKey } from '../events/keys';
import { deletionRefusal } from '../mapping';
import type { IdpSource, MappingConfig, WickrUser } from '../types';
import { CHUNK_ITEMS, SUSPENSIONS_STREAM } from './listing';
import type { ReconcileStore } from './ports';
import type { ReconcileCheckpoint } from './runTypes';
import { ActionReason, type LinkEntry, type ReconcileAction, type SuspensionEntry } from './types';

/**
 * Reads the recorded suspensions of the linked users Wickr lists as suspended into the run's
 * snapshot, once per run (the checkpoint then holds the stream, done). Nothing is read unless
 * the mapping deletes.
 */
export async function recordSuspensions(
  runId: string,
  checkpoint: ReconcileCheckpoint,
  snapshot: { readonly wickrUsers: readonly WickrUser[]; readonly links: readonly LinkEntry[] },
  mapping: MappingConfig,
  store: ReconcileStore,
): Promise<{ readonly checkpoint: ReconcileCheckpoint; readonly entries: readonly SuspensionEntry[] } | null> {
  if (mapping.deprovisioning === undefined || checkpoint.streams.some((s) => s.name === SUSPENSIONS_STREAM)) return null;
  const suspended = new Set(snapshot.wickrUsers.filter((u) => u.suspended).map((u) => u.userId));
  const keys = snapshot.links.filter((l) => suspended.has(l.wickrUserId)).map((l) => userKey(l.source, l.idpUserId));
  const entries = keys.length === 0 ? [] : await store.readSuspensions(keys);
  let chunks = 0;
  for (let i = 0; i < entries.length; i += CHUNK_ITEMS, chunks += 1) await store.putChunk(runId, SUSPENSIONS_STREAM, chunks, entries.slice(i, i + CHUNK_ITEMS));
  return { checkpoint: { ...checkpoint, streams: [...checkpoint.streams, { name: SUSPENSIONS_STREAM, chunks, items: entries.length, done: true }] }, entries };
}

/**
 * The deletion of a linked, suspended Wickr user whose suspension for a delete or deactivation
 * is due at `now`; null when none. `reasonHolds`: the IdP user is still deleted, or still
 * deactivated under `onDeactivate: "suspend"`.
 */
export function deletionAction(
  target: { readonly source: IdpSource; readonly idpUserId: string; readonly reasonHolds: boolean },
  current: WickrUser,
  mapping: MappingConfig,
  suspensions: ReadonlyMap<string, SuspensionEntry>,
  now: number,
): ReconcileAction | null {
  if (mapping.deprovisioning === undefined || !target.reasonHolds) return null;
  const entry = suspensions.get(userKey(target.source, target.idpUserId));
  if (entry === undefined || deletionRefusal(current, entry.suspendedAt, mapping, now) !== null) return null;
  const { source, idpUserId } = target;
  return { key: `idp:${source}:${idpUserId}`, wickrUserId: current.userId, source, idpUserId, reason: ActionReason.Delete, plan: {}, fields: ['deleted'], writeLink: false };
}
