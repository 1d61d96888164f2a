/**
 * The listing phase: read every listing page by page into snapshot chunks, checkpointing after
 * each chunk, so a run that outlives one invocation continues where it stopped and plans from
 * one frozen picture of both sides. Re-listing on resume instead would let the plan change
 * under a half-sent run; the snapshot makes every resumed invocation compute the same actions
 * in the same order, so "the first N are done" stays true.
 */
import type { DirectoryLister, Page, WickrListPort } from '../ports';
import type { DirectoryUser, IdpGroup, IdpSource, MappingConfig, WickrUser } from '../types';
import { type MemberItem, memberItems, memberUserId } from './members';
import type { ReconcileStore, StoredLink } from './ports';
import type { ReconcileCheckpoint, ReconcileRequest, StreamState } from './runTypes';
import type { LinkEntry, ReconcileInput, SourceListing, SuspensionEntry } from './types';

/** Items per snapshot chunk: about 2,000 users is ~300 KB of JSON, ~60 KB gzipped, far under DynamoDB's 400 KB item limit. */
export const CHUNK_ITEMS = 2_000;

/** The snapshot stream of the links' recorded suspensions, under `deprovisioning` (deletions.ts). */
export const SUSPENSIONS_STREAM = 'suspensions';

/** What reading the listings needs. */
export type ListingDeps = {
  readonly store: ReconcileStore;
  readonly wickr: WickrListPort;
  readonly listers: readonly DirectoryLister[];
  /** True once this invocation must stop and hand over. */
  readonly timeUp: () => boolean;
  /** Saves the checkpoint; false when another invocation took the run. */
  readonly save: (checkpoint: ReconcileCheckpoint) => Promise<boolean>;
};

/** The first checkpoint of a run: Wickr, the links, then each directory's users. */
export function initialCheckpoint(listers: readonly DirectoryLister[]): ReconcileCheckpoint {
  const names = ['wickr', 'links', ...listers.map((l) => `users:${l.source}`)];
  return { phase: 'list', streams: names.map((name) => ({ name, chunks: 0, items: 0, done: false })), groups: {}, sent: 0, messagesSent: 0, linksWritten: 0, invocations: 0 };
}

/** The directory groups a run must read members of: the mapping's, the scope's and the filter's. */
export function groupRefs(mapping: MappingConfig, request: ReconcileRequest): string[] {
  const refs = [...mapping.securityGroups.map((r) => r.idpGroup), ...(mapping.scope?.idpGroups ?? []), ...(request.group === undefined ? [] : [request.group])];
  return [...new Set(refs)];
}

/**
 * Reads until every stream is done ('listed'), the time is up ('paused'), or the run was taken
 * over ('lost'). Directory errors propagate: a partial listing must never look complete.
 */
export async function readListings(
  runId: string,
  start: ReconcileCheckpoint,
  refs: readonly string[],
  deps: ListingDeps,
): Promise<{ state: 'listed' | 'paused' | 'lost'; checkpoint: ReconcileCheckpoint }> {
  let checkpoint = start;
  const missing = deps.listers.filter((l) => checkpoint.groups[l.source] === undefined);
  if (missing.length > 0) {
    const groups = { ...checkpoint.groups };
    const streams = [...checkpoint.streams];
    for (const lister of missing) {
      const resolved = refs.length === 0 ? [] : await lister.resolveGroups(refs);
      groups[lister.source] = resolved;
      for (const g of resolved) streams.push({ name: `members:${lister.source}:${g.id}`, chunks: 0, items: 0, done: false });
    }
    checkpoint = { ...checkpoint, groups, streams };
    if (!(await deps.save(checkpoint))) return { state: 'lost', checkpoint };
  }

  // Every invocation reads at least one page, so a run always moves on, however short its turns.
  let progressed = false;
  for (let i = 0; i < checkpoint.streams.length; i += 1) {
    let stream = checkpoint.streams[i] as StreamState;
    let buffer: unknown[] = [];
    while (!stream.done) {
      const page = await fetchPage(stream, deps);
      progressed = true;
      buffer.push(...page.items);
      const done = page.cursor === undefined;
      const pause = !done && deps.timeUp();
      if (done || pause || buffer.length >= CHUNK_ITEMS) {
        if (buffer.length > 0) await deps.store.putChunk(runId, stream.name, stream.chunks, buffer);
        stream = { name: stream.name, chunks: stream.chunks + (buffer.length > 0 ? 1 : 0), items: stream.items + buffer.length, done, ...(page.cursor !== undefined && { cursor: page.cursor }) };
        buffer = [];
        const streams = checkpoint.streams.map((s, j) => (j === i ? stream : s));
        checkpoint = { ...checkpoint, streams };
        if (!(await deps.save(checkpoint))) return { state: 'lost', checkpoint };
        if (pause) return { state: 'paused', checkpoint };
      } else {
        // Not saved yet: a resume re-reads these pages from the last saved cursor.
        stream = { ...stream, cursor: page.cursor };
      }
    }
    if (progressed && i + 1 < checkpoint.streams.length && deps.timeUp()) return { state: 'paused', checkpoint };
  }
  return { state: 'listed', checkpoint };
}

async function fetchPage(stream: StreamState, deps: ListingDeps): Promise<Page<unknown>> {
  const [kind, source, ...rest] = stream.name.split(':');
  if (kind === 'wickr') return deps.wickr.listUsersPage(stream.cursor);
  if (kind === 'links') return deps.store.listLinksPage(stream.cursor);
  const lister = deps.listers.find((l) => l.source === source);
  if (!lister) throw new Error(`no lister for ${source}`);
  if (kind === 'users') return lister.listUsersPage(stream.cursor);
  const page = await lister.listGroupMembersPage(rest.join(':'), stream.cursor);
  // Membership ids ride along in the snapshot for the members phase (members.ts).
  return { items: memberItems(page.items, page.membershipIds), ...(page.cursor !== undefined && { cursor: page.cursor }) };
}

/** Reads every chunk back and assembles the reconcile's input (users de-duplicated by id, groups filled in). */
export async function loadSnapshot(runId: string, checkpoint: ReconcileCheckpoint, store: ReconcileStore): Promise<Pick<ReconcileInput, 'wickrUsers' | 'links' | 'sources' | 'suspensions'>> {
  const read = async <T>(name: string): Promise<T[]> => {
    const stream = checkpoint.streams.find((s) => s.name === name);
    const out: T[] = [];
    for (let i = 0; i < (stream?.chunks ?? 0); i += 1) for (const item of await store.getChunk(runId, name, i)) out.push(item as T);
    return out;
  };
  const wickrUsers = [...new Map((await read<WickrUser>('wickr')).map((u) => [u.userId, u])).values()];
  const links: LinkEntry[] = (await read<StoredLink>('links')).map((l) => {
    const at = l.userKey.indexOf(':');
    return { source: l.userKey.slice(0, at) as IdpSource, idpUserId: l.userKey.slice(at + 1), wickrUserId: l.wickrUserId };
  });
  const sources: SourceListing[] = [];
  for (const [source, groups] of Object.entries(checkpoint.groups) as [IdpSource, readonly IdpGroup[]][]) {
    const memberOf = new Map<string, IdpGroup[]>();
    for (const group of groups) {
      for (const item of await read<MemberItem>(`members:${source}:${group.id}`)) {
        const id = memberUserId(item);
        const list = memberOf.get(id) ?? [];
        if (!list.includes(group)) list.push(group);
        memberOf.set(id, list);
      }
    }
    const users = new Map<string, DirectoryUser>();
    for (const u of await read<DirectoryUser>(`users:${source}`)) users.set(u.idpUserId, { ...u, groups: memberOf.get(u.idpUserId) ?? [] });
    sources.push({ source, groups, users: [...users.values()] });
  }
  // Read under `deprovisioning` only (deletions.ts); empty otherwise.
  const suspensions = await read<SuspensionEntry>(SUSPENSIONS_STREAM);
  return { wickrUsers, links, sources, suspensions };
}
