/**
 * The members phase: after the messages are sent, record the listed members of every relevant
 * Identity Center group (scope, mapping and filter groups) the way the consumer does, so the
 * event path can act for users who never had an event:
 * - a `gm#` group-member item per member: a SCIM PatchGroup (its member list is masked) fans
 *   out to the group's current members and to its recorded ones, so a user who leaves the group
 *   after the bootstrap is still resynced;
 * - a `mem#` item per membership id: a DeleteGroupMembership carries only that id, and one the
 *   consumer never saw created would otherwise be dead-lettered as `UnknownMembership`.
 *
 * Records are only ever added here, never deleted. A record of a user who is no longer listed
 * may be the only trace of a removal the consumer has not applied yet (the PatchGroup may still
 * be on its way); deleting it could lose that removal, while keeping it costs at most one
 * ResyncUser that finds nothing to do. The consumer deletes a member record itself when a sync
 * sees the user leave the group. Only Identity Center sends group-wide triggers and has
 * membership ids: other sources are skipped.
 *
 * The phase reads one snapshot chunk at a time and the group's existing records with one
 * (paged) Query per record kind, and writes only what is missing, so a run in line writes
 * nothing. It checkpoints after every chunk; redoing a chunk after a crash rewrites the same
 * items, which is harmless.
 */
import { groupKey, userKey } from '../events/keys';
import { IdpSource } from '../types';
import type { ReconcileStore } from './ports';
import type { MembersCursor, ReconcileCheckpoint } from './runTypes';
import type { SourceListing } from './types';

/** A member as stored in a `members:` snapshot chunk: its user id, or `[user id, membership id]`. */
export type MemberItem = string | readonly [idpUserId: string, membershipId: string];

/** The user id of a stored member item. */
export function memberUserId(item: MemberItem): string {
  return typeof item === 'string' ? item : item[0];
}

/** The items of one members page as stored: pairs when the directory names the memberships. */
export function memberItems(items: readonly string[], membershipIds: readonly string[] | undefined): MemberItem[] {
  if (membershipIds === undefined) return [...items];
  return items.map((id, i) => (membershipIds[i] ? ([id, membershipIds[i]] as const) : id));
}

/**
 * The listed groups of each Identity Center user, for the links the run establishes. The
 * consumer keeps a link's `groupIds` and the member items in step (groupMembers.ts): written
 * with the groups the members phase records, the link lets the consumer's next sync of the user
 * delete the record of a group the user has left. Without them it would see no group left, and
 * the record would cost a needless ResyncUser on every later PatchGroup of that group.
 */
export function listedGroupIds(sources: readonly SourceListing[]): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  for (const listing of sources) {
    if (listing.source !== IdpSource.IdentityCenter) continue;
    for (const user of listing.users)
      out.set(
        user.idpUserId,
        user.groups.map((g) => g.id),
      );
  }
  return out;
}

/** What the members phase needs. */
export type MembersDeps = {
  readonly store: ReconcileStore;
  /** True once this invocation must stop and hand over. */
  readonly timeUp: () => boolean;
  /** Saves the checkpoint; false when another invocation took the run. */
  readonly save: (checkpoint: ReconcileCheckpoint) => Promise<boolean>;
  /** This invocation already moved the run on (sent a slice): it may hand over before any chunk. */
  readonly progressed?: boolean;
};

const START: MembersCursor = { group: 0, chunk: 0, written: 0 };

/**
 * Records the members of every listed Identity Center group, from `checkpoint.members` on.
 * 'done' when every group is recorded, 'paused' when the time is up, 'lost' when the run was
 * taken over. An invocation that has not moved the run on yet records at least one chunk, so a
 * run always moves on, however short its turns.
 */
export async function recordGroupMembers(runId: string, start: ReconcileCheckpoint, deps: MembersDeps): Promise<{ state: 'done' | 'paused' | 'lost'; checkpoint: ReconcileCheckpoint }> {
  const source = IdpSource.IdentityCenter;
  const groups = start.groups[source] ?? [];
  let checkpoint = start;
  let at = start.members ?? START;
  let first = deps.progressed !== true;
  for (; at.group < groups.length; at = { group: at.group + 1, chunk: 0, written: at.written }) {
    const group = groups[at.group];
    const stream = checkpoint.streams.find((s) => s.name === `members:${source}:${group?.id}`);
    if (!group || !stream) continue;
    const key = groupKey(source, group.id);
    let recorded: { userKeys: Set<string>; membershipIds: Set<string> } | undefined;
    for (; at.chunk < stream.chunks; first = false) {
      if (!first && deps.timeUp()) return { state: 'paused', checkpoint: { ...checkpoint, members: at } };
      recorded ??= await deps.store.readGroupRecords(key);
      const members: string[] = [];
      const memberships: { membershipId: string; idpUserId: string }[] = [];
      for (const item of (await deps.store.getChunk(runId, stream.name, at.chunk)) as MemberItem[]) {
        const idpUserId = memberUserId(item);
        const member = userKey(source, idpUserId);
        if (!recorded.userKeys.has(member)) {
          recorded.userKeys.add(member);
          members.push(member);
        }
        const membershipId = typeof item === 'string' ? undefined : item[1];
        if (membershipId !== undefined && !recorded.membershipIds.has(membershipId)) {
          recorded.membershipIds.add(membershipId);
          memberships.push({ membershipId, idpUserId });
        }
      }
      if (members.length > 0 || memberships.length > 0) await deps.store.putGroupRecords(key, members, memberships);
      at = { group: at.group, chunk: at.chunk + 1, written: at.written + members.length + memberships.length };
      checkpoint = { ...checkpoint, members: at };
      if (!(await deps.save(checkpoint))) return { state: 'lost', checkpoint };
    }
  }
  return { state: 'done', checkpoint: { ...checkpoint, members: at } };
}
