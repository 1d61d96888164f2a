/**
 * Member operations of a group PATCH, applied here rather than by scim-patch. Members are one
 * item per member (src/adapters/scim/schema.ts), so a PATCH becomes a function from the current
 * member set to the wanted one, and the store adds or removes only the difference. Re-applied to
 * a freshly read set after a lost version race, concurrent PATCHes each keep their members; and a
 * group of thousands is never loaded into one array to be patched and written back.
 *
 * Forms accepted: `add members [{value}]`; `remove members [{value}]` (Entra's default);
 * `remove members[value eq "…"]` (Entra's aadOptscim062020, Okta); `remove members` (all);
 * `replace members [{value}]` (Okta's whole list).
 */
import { parse } from 'scim2-parse-filter';
import { SCIM_LIMITS } from './constants';
import { ScimType, badRequest } from './errors';
import type { PatchOp } from './patchOps';

/** The member operations of one PATCH, in order, as one function of the current members. */
export type MemberChange = { readonly apply: (current: ReadonlySet<string>) => Set<string>; readonly valueCount: number; readonly mentioned: readonly string[] };

/** True for an operation on `members` (with or without a value filter). */
export const isMemberOp = (op: PatchOp): boolean => op.path === 'members' || (op.path?.startsWith('members[') ?? false);

/** The member ids of a `members` value: an array of `{ value }` (or one such object). */
export function memberValues(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.map((item) => {
    const id = typeof item === 'object' && item !== null ? (item as { value?: unknown }).value : undefined;
    if (typeof id !== 'string' || id.trim() === '') throw badRequest(ScimType.invalidValue, 'each member needs a string value');
    return id;
  });
}

/** The member id a `members[value eq "…"]` path names. */
function filteredMember(path: string): string {
  const inner = path.slice('members['.length, path.indexOf(']'));
  let tree: ReturnType<typeof parse>;
  try {
    tree = parse(inner);
  } catch (error) {
    throw badRequest(ScimType.invalidPath, 'members[…] must be value eq "<id>"', error);
  }
  if (tree.op !== 'eq' || !('compValue' in tree) || tree.attrPath.toLowerCase() !== 'value' || typeof tree.compValue !== 'string' || path.slice(path.indexOf(']') + 1) !== '') {
    throw badRequest(ScimType.invalidPath, 'members[…] must be value eq "<id>"');
  }
  return tree.compValue;
}

const addAll = (set: Set<string>, ids: readonly string[]): void => {
  for (const id of ids) set.add(id);
};
const deleteAll = (set: Set<string>, ids: readonly string[]): void => {
  for (const id of ids) set.delete(id);
};

/** The member operations as one change; 400 `tooMany` beyond {@link SCIM_LIMITS.maxMembersPerPatch} values. */
export function memberChange(ops: readonly PatchOp[]): MemberChange {
  const steps: ((set: Set<string>) => void)[] = [];
  const mentioned: string[] = [];
  for (const op of ops) {
    if (op.path === 'members') {
      const ids = memberValues(op.value);
      mentioned.push(...ids);
      if (op.op === 'add') steps.push((set) => addAll(set, ids));
      else if (op.op === 'replace')
        steps.push((set) => {
          set.clear();
          addAll(set, ids);
        });
      else if (op.value === undefined) steps.push((set) => set.clear());
      else steps.push((set) => deleteAll(set, ids));
      continue;
    }
    const id = filteredMember(op.path as string);
    if (op.op !== 'remove') throw badRequest(ScimType.invalidPath, `${op.op} on members[…] is not supported: add or replace members with a value array`);
    mentioned.push(id);
    steps.push((set) => set.delete(id));
  }
  if (mentioned.length > SCIM_LIMITS.maxMembersPerPatch) throw badRequest(ScimType.tooMany, `at most ${SCIM_LIMITS.maxMembersPerPatch} members per PATCH`);
  return {
    valueCount: mentioned.length,
    mentioned,
    apply: (current) => {
      const set = new Set(current);
      for (const step of steps) step(set);
      return set;
    },
  };
}

/** Added and removed ids between two sets, sorted. */
export function memberDiff(current: ReadonlySet<string>, wanted: ReadonlySet<string>): { add: string[]; remove: string[] } {
  return { add: [...wanted].filter((id) => !current.has(id)).sort(), remove: [...current].filter((id) => !wanted.has(id)).sort() };
}
