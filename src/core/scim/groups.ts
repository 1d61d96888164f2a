/** The `/Groups` use cases. Attribute and member writes go through groupWrites.ts. */
import { applyPatch } from './applyPatch';
import { MEMBER_CHANGES_PER_WRITE, SCIM_LIMITS } from './constants';
import { ScimConflictError, ScimType, badRequest, notFound, notUnique } from './errors';
import { groupMatches, parseFilter } from './filter';
import { type GroupAttributes, groupResource } from './groupModel';
import { isMemberOp, memberChange, memberValues } from './groupMembers';
import { convergeGroup, removeGroup, requireUsers } from './groupWrites';
import { excludedAttributes, listResponse, pageRequest } from './listing';
import { nameKey } from './names';
import { groupChanged } from './outboxEntry';
import { patchOperations } from './patchOps';
import type { ScimDeps } from './ports';
import type { ScimRequest, ScimResponse, StoredGroup } from './types';
import { canonicalResource } from './validate';
import { commitAndPublish } from './write';

/** A checked Group body: its attributes and its member ids. */
function groupBody(body: unknown): { attributes: GroupAttributes; members: string[] } {
  const { members, ...rest } = canonicalResource('Group', body);
  const ids = [...new Set(memberValues(members))];
  if (ids.length > SCIM_LIMITS.maxMembersPerGroupWrite) throw badRequest(ScimType.tooMany, `at most ${SCIM_LIMITS.maxMembersPerGroupWrite} members per request`);
  return { attributes: { displayName: (rest.displayName as string).trim(), externalId: rest.externalId as string | undefined }, members: ids };
}

/** POST /Groups: 201; members beyond one write's worth are added in further writes. */
export async function createGroup(deps: ScimDeps, request: ScimRequest, body: unknown): Promise<ScimResponse> {
  const { attributes, members } = groupBody(body);
  const key = nameKey(attributes.displayName);
  if (await deps.store.findGroupIdByNameKey(key)) throw notUnique('displayName');
  await requireUsers(deps, members);
  const now = new Date(deps.clock.now()).toISOString();
  const group: StoredGroup = { id: deps.newId(), ...attributes, version: 1, created: now, lastModified: now };
  const first = members.slice(0, MEMBER_CHANGES_PER_WRITE).sort();
  try {
    await commitAndPublish(deps, { kind: 'putGroup', group, nameKey: key, addMembers: first, removeMembers: [], outbox: groupChanged(group.id, 1, now, first) });
  } catch (error) {
    if (error instanceof ScimConflictError && error.reason === 'uniqueness') throw notUnique('displayName');
    throw error;
  }
  const stored = members.length > first.length ? await convergeGroup(deps, group.id, { members: () => new Set(members) }) : group;
  const location = `${request.baseUrl}/Groups/${group.id}`;
  return { status: 201, headers: { Location: location }, body: groupResource(stored, [...members].sort(), request.baseUrl) };
}

/** GET /Groups/{id} (`excludedAttributes=members` leaves members out). */
export async function getGroup(deps: ScimDeps, request: ScimRequest, id: string): Promise<ScimResponse> {
  const group = await deps.store.getGroup(id);
  if (!group) throw notFound('Group', id);
  const members = excludedAttributes(request.query).has('members') ? undefined : await deps.store.listMembers(id);
  return { status: 200, body: groupResource(group, members, request.baseUrl) };
}

/** GET /Groups with optional `filter`, paging and `excludedAttributes=members`. */
export async function listGroups(deps: ScimDeps, request: ScimRequest): Promise<ScimResponse> {
  const page = pageRequest(request.query);
  const conditions = request.query.filter === undefined ? [] : parseFilter('Group', request.query.filter);
  const byName = conditions.find((c) => c.attribute === 'displayName');
  const byId = conditions.find((c) => c.attribute === 'id');
  let groups: StoredGroup[];
  if (byId || byName) {
    const id = byId ? byId.value : await deps.store.findGroupIdByNameKey(nameKey(byName?.value ?? ''));
    const group = id === undefined ? undefined : await deps.store.getGroup(id);
    groups = group ? [group] : [];
  } else {
    groups = await deps.store.listGroups();
  }
  const matches = groups.filter((g) => groupMatches(g, conditions));
  const withMembers = !excludedAttributes(request.query).has('members');
  const pageItems = matches.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
  const members = new Map<string, string[]>();
  if (withMembers) for (const g of pageItems) members.set(g.id, await deps.store.listMembers(g.id));
  return { status: 200, body: listResponse(matches, page, (g) => groupResource(g, withMembers ? members.get(g.id) : undefined, request.baseUrl)) };
}

/** PUT /Groups/{id}: name, externalId and the whole member list. */
export async function replaceGroup(deps: ScimDeps, request: ScimRequest, id: string, body: unknown): Promise<ScimResponse> {
  const { attributes, members } = groupBody(body);
  if (!(await deps.store.getGroup(id))) throw notFound('Group', id);
  await requireUsers(deps, members);
  const group = await convergeGroup(deps, id, { attributes: () => attributes, members: () => new Set(members) });
  return { status: 200, body: groupResource(group, await deps.store.listMembers(id), request.baseUrl) };
}

/** PATCH /Groups/{id}: 204, as Entra expects and RFC 7644 § 3.5.2 allows. */
export async function patchGroup(deps: ScimDeps, id: string, body: unknown): Promise<ScimResponse> {
  const ops = patchOperations('Group', body);
  const memberOps = ops.filter(isMemberOp);
  const otherOps = ops.filter((op) => !isMemberOp(op));
  const change = memberOps.length > 0 ? memberChange(memberOps) : undefined;
  if (!(await deps.store.getGroup(id))) throw notFound('Group', id);
  const added = memberOps.filter((op) => op.op !== 'remove').flatMap((op) => memberValues(op.value));
  await requireUsers(deps, added);
  const attributes =
    otherOps.length === 0
      ? undefined
      : (current: StoredGroup): GroupAttributes => {
          const patched = canonicalResource('Group', applyPatch({ displayName: current.displayName, ...(current.externalId === undefined ? {} : { externalId: current.externalId }) }, otherOps));
          return { displayName: (patched.displayName as string).trim(), externalId: patched.externalId as string | undefined };
        };
  await convergeGroup(deps, id, { attributes, members: change?.apply });
  return { status: 204 };
}

/** DELETE /Groups/{id}: 204. */
export async function deleteGroup(deps: ScimDeps, id: string): Promise<ScimResponse> {
  await removeGroup(deps, id);
  return { status: 204 };
}
