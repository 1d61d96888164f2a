/** The `/Users` use cases: each reads, decides, and commits one write with its event (write.ts). */
import { ScimConflictError, notFound, notUnique } from './errors';
import { type Condition, parseFilter, userMatches } from './filter';
import { listResponse, pageRequest } from './listing';
import { nameKey } from './names';
import { userChanged } from './outboxEntry';
import { applyPatch } from './applyPatch';
import { patchOperations } from './patchOps';
import type { ScimDeps } from './ports';
import { stableJson } from './stableJson';
import type { ScimRequest, ScimResponse, StoredUser } from './types';
import { toStoredUser, userResource } from './userModel';
import { canonicalResource, type Attributes } from './validate';
import { commitAndPublish, withVersionRetries } from './write';

const ok = (status: number, body: unknown, headers?: Record<string, string>): ScimResponse => ({ status, body, headers });
const iso = (deps: ScimDeps) => new Date(deps.clock.now()).toISOString();

/** POST /Users: 201 with the resource and `Location`; 409 `uniqueness` for a taken userName. */
export async function createUser(deps: ScimDeps, request: ScimRequest, body: unknown): Promise<ScimResponse> {
  const attributes = canonicalResource('User', body);
  const key = nameKey(attributes.userName as string);
  if (await deps.store.findUserIdByNameKey(key)) throw notUnique('userName');
  const now = iso(deps);
  const user = toStoredUser({ id: deps.newId(), version: 1, created: now, lastModified: now }, attributes);
  try {
    await commitAndPublish(deps, { kind: 'putUser', user, nameKey: key, outbox: userChanged(user.id, 1, now) });
  } catch (error) {
    if (error instanceof ScimConflictError && error.reason === 'uniqueness') throw notUnique('userName');
    throw error;
  }
  const resource = userResource(user, request.baseUrl);
  return ok(201, resource, { Location: `${request.baseUrl}/Users/${user.id}` });
}

/** GET /Users/{id}. */
export async function getUser(deps: ScimDeps, request: ScimRequest, id: string): Promise<ScimResponse> {
  return ok(200, userResource(await mustGet(deps, id), request.baseUrl));
}

/** GET /Users with optional `filter`, `startIndex`, `count`: a ListResponse in id order. */
export async function listUsers(deps: ScimDeps, request: ScimRequest): Promise<ScimResponse> {
  const page = pageRequest(request.query);
  const conditions = request.query.filter === undefined ? [] : parseFilter('User', request.query.filter);
  const users = await candidates(deps, conditions);
  return ok(
    200,
    listResponse(
      users.filter((u) => userMatches(u, conditions)),
      page,
      (u) => userResource(u, request.baseUrl),
    ),
  );
}

/** The users that can match: one read for an `id` or `userName` condition, otherwise every user. */
async function candidates(deps: ScimDeps, conditions: readonly Condition[]): Promise<StoredUser[]> {
  const byId = conditions.find((c) => c.attribute === 'id');
  const byName = conditions.find((c) => c.attribute === 'userName');
  const id = byId ? byId.value : byName ? await deps.store.findUserIdByNameKey(nameKey(byName.value)) : undefined;
  if (byId || byName) {
    const user = id === undefined ? undefined : await deps.store.getUser(id);
    return user ? [user] : [];
  }
  return deps.store.listUsers();
}

/** PUT /Users/{id}: the body replaces every writable attribute. */
export async function replaceUser(deps: ScimDeps, request: ScimRequest, id: string, body: unknown): Promise<ScimResponse> {
  const attributes = canonicalResource('User', body);
  return update(deps, request, id, () => attributes);
}

/** PATCH /Users/{id}: 200 with the resource. */
export async function patchUser(deps: ScimDeps, request: ScimRequest, id: string, body: unknown): Promise<ScimResponse> {
  const ops = patchOperations('User', body);
  return update(deps, request, id, (current) => canonicalResource('User', applyPatch({ ...current.attributes }, ops)));
}

/** Reads, derives the new attributes, and commits only when they differ: a replay changes nothing. */
async function update(deps: ScimDeps, request: ScimRequest, id: string, next: (current: StoredUser) => Attributes): Promise<ScimResponse> {
  const user = await withVersionRetries(deps, async () => {
    const current = await mustGet(deps, id);
    const attributes = next(current);
    const candidate = toStoredUser(current, attributes);
    if (stableJson(candidate.attributes) === stableJson(current.attributes)) return current;
    const now = iso(deps);
    const version = current.version + 1;
    const updated: StoredUser = { ...candidate, version, lastModified: now };
    const [newKey, oldKey] = [nameKey(updated.userName), nameKey(current.userName)];
    try {
      await commitAndPublish(deps, {
        kind: 'putUser',
        user: updated,
        expectedVersion: current.version,
        nameKey: newKey,
        oldNameKey: newKey === oldKey ? undefined : oldKey,
        outbox: userChanged(id, version, now),
      });
    } catch (error) {
      if (error instanceof ScimConflictError && error.reason === 'uniqueness') throw notUnique('userName');
      throw error;
    }
    return updated;
  });
  return ok(200, userResource(user, request.baseUrl));
}

/** DELETE /Users/{id}: 204; the user's memberships go with it. */
export async function deleteUser(deps: ScimDeps, id: string): Promise<ScimResponse> {
  await withVersionRetries(deps, async () => {
    const current = await mustGet(deps, id);
    const groupIds = await deps.store.listGroupsOf(id);
    const version = current.version + 1;
    await commitAndPublish(deps, { kind: 'deleteUser', id, expectedVersion: current.version, nameKey: nameKey(current.userName), groupIds, outbox: userChanged(id, version, iso(deps)) });
  });
  return { status: 204 };
}

async function mustGet(deps: ScimDeps, id: string): Promise<StoredUser> {
  const user = await deps.store.getUser(id);
  if (!user) throw notFound('User', id);
  return user;
}
