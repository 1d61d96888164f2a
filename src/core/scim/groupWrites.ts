/**
 * Brings a stored group to a wanted state in as many writes as it takes: first its attributes
 * (a rename is announced without `memberIds`, so the consumer fans out to every member), then its
 * members, at most {@link MEMBER_CHANGES_PER_WRITE} per write, each write announcing the members
 * it changed. Members are applied as item adds and removes computed from the members read, not by
 * patching a member array: a group may be large, and two PATCHes of different members touch
 * different items. Every step reads the group afresh, so a lost version race is simply the next step;
 * a step with nothing left to change ends the loop, which makes a replay write nothing.
 */
import { MEMBER_CHANGES_PER_WRITE } from './constants';
import { ScimConflictError, ScimType, badRequest, notFound, notUnique } from './errors';
import type { GroupAttributes } from './groupModel';
import { memberDiff } from './groupMembers';
import { nameKey } from './names';
import { groupChanged } from './outboxEntry';
import type { ScimDeps } from './ports';
import type { StoredGroup } from './types';
import { MAX_WRITE_ATTEMPTS, commitAndPublish, conflictWaitMs } from './write';

/** What a group should become; either part may be left as it is. */
export type GroupPlan = {
  readonly attributes?: (current: StoredGroup) => GroupAttributes;
  readonly members?: (current: ReadonlySet<string>) => Set<string>;
};

const iso = (deps: ScimDeps) => new Date(deps.clock.now()).toISOString();

/** Applies `plan` to group `id`; answers the group as stored at the end. */
export async function convergeGroup(deps: ScimDeps, id: string, plan: GroupPlan): Promise<StoredGroup> {
  for (let conflicts = 0; ; ) {
    const group = await deps.store.getGroup(id);
    if (!group) throw notFound('Group', id);
    try {
      const step = await nextStep(deps, group, plan);
      if (!step) return group;
    } catch (error) {
      if (!(error instanceof ScimConflictError) || error.reason !== 'version' || ++conflicts >= MAX_WRITE_ATTEMPTS) throw error;
      await deps.sleep(conflictWaitMs(conflicts, deps.random));
    }
  }
}

/** Commits the next write towards the plan; false when there is nothing left to change. */
async function nextStep(deps: ScimDeps, group: StoredGroup, plan: GroupPlan): Promise<boolean> {
  const now = iso(deps);
  const version = group.version + 1;
  const wanted = plan.attributes?.(group);
  if (wanted && (wanted.displayName !== group.displayName || wanted.externalId !== group.externalId)) {
    const updated: StoredGroup = { ...group, displayName: wanted.displayName, externalId: wanted.externalId, version, lastModified: now };
    const [newKey, oldKey] = [nameKey(updated.displayName), nameKey(group.displayName)];
    try {
      await commitAndPublish(deps, {
        kind: 'putGroup',
        group: updated,
        expectedVersion: group.version,
        nameKey: newKey,
        oldNameKey: newKey === oldKey ? undefined : oldKey,
        addMembers: [],
        removeMembers: [],
        outbox: groupChanged(group.id, version, now),
      });
    } catch (error) {
      if (error instanceof ScimConflictError && error.reason === 'uniqueness') throw notUnique('displayName');
      throw error;
    }
    return true;
  }
  if (!plan.members) return false;
  const current = new Set(await deps.store.listMembers(group.id));
  const { add, remove } = memberDiff(current, plan.members(current));
  if (add.length + remove.length === 0) return false;
  const addNow = add.slice(0, MEMBER_CHANGES_PER_WRITE);
  await changeMembers(deps, group.id, addNow, remove.slice(0, MEMBER_CHANGES_PER_WRITE - addNow.length), now);
  return true;
}

/**
 * One member change, announced under a version taken atomically from the group: concurrent
 * member changes do not race for the group's version, so none of them has to start over. (A
 * version taken by a change that then fails is skipped; versions only need to be unique.)
 */
async function changeMembers(deps: ScimDeps, groupId: string, addMembers: string[], removeMembers: string[], now: string): Promise<void> {
  const version = await deps.store.reserveGroupVersion(groupId, now);
  if (version === undefined) throw notFound('Group', groupId);
  await commitAndPublish(deps, { kind: 'changeMembers', groupId, addMembers, removeMembers, outbox: groupChanged(groupId, version, now, [...addMembers, ...removeMembers].sort()) });
}

/** 400 `invalidValue` unless every id names a stored user: a member must be a provisioned user. */
export async function requireUsers(deps: ScimDeps, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await deps.store.existingUserIds([...new Set(ids)]);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw badRequest(ScimType.invalidValue, `members must be users of this endpoint; unknown: ${missing.slice(0, 5).join(', ')}`);
}

/**
 * Deletes group `id`: members beyond one write's worth are removed first (each write announcing
 * them), then the group goes with its last members, whose ids its event carries.
 */
export async function removeGroup(deps: ScimDeps, id: string): Promise<void> {
  for (let conflicts = 0; ; ) {
    const group = await deps.store.getGroup(id);
    if (!group) throw notFound('Group', id);
    const members = await deps.store.listMembers(id);
    const now = iso(deps);
    const version = group.version + 1;
    try {
      if (members.length > MEMBER_CHANGES_PER_WRITE) {
        await changeMembers(deps, id, [], members.slice(0, MEMBER_CHANGES_PER_WRITE), now);
        continue;
      }
      await commitAndPublish(deps, {
        kind: 'deleteGroup',
        id,
        expectedVersion: group.version,
        nameKey: nameKey(group.displayName),
        removeMembers: members,
        outbox: groupChanged(id, version, now, members),
      });
      return;
    } catch (error) {
      if (!(error instanceof ScimConflictError) || error.reason !== 'version' || ++conflicts >= MAX_WRITE_ATTEMPTS) throw error;
      await deps.sleep(conflictWaitMs(conflicts, deps.random));
    }
  }
}
