/**
 * Memory of one reconcile at 100,000 IdP users and 100,000 Wickr users (the scale
 * point), in process with in-memory listers. The snapshot chunks are gzipped as the DynamoDB
 * adapter stores them. The heap is sampled at every store and queue call (the planned actions
 * are alive while sending) and compared with the heap before the run: the listings themselves
 * are the test's, not the function's, but the run's own copies of them are counted.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { DirectoryLister, Page, WickrListPort } from '../../../src/core/ports';
import type { DirectoryUser, IdpGroup, WickrUser } from '../../../src/core/types';
import { runReconcileToCompletion } from '../../../src/handlers/reconcile/runToCompletion';
import { FakeQueue, FakeReconcileStore, FakeStore, MemoryLogger } from '../../helpers/fakes';
import { ENG, STAFF, worldMapping } from '../../helpers/reconcileWorld';

// A collector the test can call, so the live heap (what the run keeps) is measured, not the
// garbage a busy machine happened not to collect yet: https://nodejs.org/api/v8.html#v8setflagsfromstringflags
setFlagsFromString('--expose-gc');
(global as { gc?: () => void }).gc ??= runInNewContext('gc') as () => void;

const N = 100_000;
const page = <T>(items: readonly T[], cursor: string | undefined, size: number): Page<T> => {
  const start = Number(cursor ?? 0);
  return { items: items.slice(start, start + size), ...(start + size < items.length && { cursor: String(start + size) }) };
};

class GzipStore extends FakeReconcileStore {
  readonly #chunks = new Map<string, Buffer>();
  public override async putChunk(runId: string, stream: string, index: number, items: readonly unknown[]): Promise<void> {
    this.#chunks.set(`${runId}|${stream}|${index}`, gzipSync(JSON.stringify(items)));
  }
  public override async getChunk(runId: string, stream: string, index: number): Promise<unknown[]> {
    return JSON.parse(gunzipSync(this.#chunks.get(`${runId}|${stream}|${index}`) as Buffer).toString('utf8')) as unknown[];
  }
}

/** Runs a 100,000 + 100,000 user reconcile (5 % drift) from `source` and returns the heap figures. */
async function measure(source: 'okta' | 'identity-center'): Promise<{ usedMb: number; liveMb: number; result: Awaited<ReturnType<typeof runReconcileToCompletion>>; store: GzipStore }> {
  // Prepare: 5 % drift.
  const users: DirectoryUser[] = [];
  const wickrUsers: WickrUser[] = [];
  const staff: string[] = [];
  const eng: string[] = [];
  for (let i = 0; i < N; i += 1) {
    users.push({
      idpUserId: `00u${String(i).padStart(17, '0')}`,
      email: `first.last${i}@example.com`,
      login: `first.last${i}@example.com`,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      active: true,
      groups: [],
    });
    staff.push(`00u${String(i).padStart(17, '0')}`);
    if (i % 3 === 0) eng.push(`00u${String(i).padStart(17, '0')}`);
    wickrUsers.push({
      userId: String(10_000_000 + i),
      username: `first.last${i}@example.com`,
      firstName: i % 20 === 0 ? 'Drifted' : `First${i}`,
      lastName: `Last${i}`,
      securityGroupIds: [i % 3 === 0 ? 'SGENG' : 'SGDEF'],
      suspended: false,
      status: 2,
      isAdmin: false,
    });
  }
  const members = new Map<string, string[]>([
    [STAFF.id, staff],
    [ENG.id, eng],
  ]);
  const lister: DirectoryLister = {
    source,
    resolveGroups: async (refs) => [STAFF, ENG].filter((g: IdpGroup) => refs.some((r) => r === g.id || r.toLowerCase() === g.name?.toLowerCase())),
    listUsersPage: async (cursor) => page(users, cursor, 200),
    listGroupMembersPage: async (groupId, cursor) => {
      const p = page(members.get(groupId) ?? [], cursor, 200);
      // Identity Center names each membership: the members phase records them all.
      return source === 'okta' ? p : { ...p, membershipIds: p.items.map((id) => `${groupId}-${id.slice(3)}`) };
    },
  };
  const wickr: WickrListPort = { listUsersPage: async (cursor) => page(wickrUsers, cursor, 100) };
  const queue = new FakeQueue();
  const store = new GzipStore(new FakeStore());
  let peak = 0;
  const sample = (): void => void (peak = Math.max(peak, process.memoryUsage().heapUsed));
  for (const method of ['putRun', 'putChunk', 'getChunk', 'putLinks', 'readGroupRecords', 'putGroupRecords'] as const) {
    const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
    (store as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      sample();
      return original(...args);
    };
  }
  // Live heap while the plan is held (after a collection, when run with --expose-gc).
  let live = 0;
  const send = queue.sendMessages.bind(queue);
  queue.sendMessages = async (messages) => {
    sample();
    const gc = (global as { gc?: () => void }).gc;
    if (gc && live === 0) {
      gc();
      live = process.memoryUsage().heapUsed;
    }
    return send(messages);
  };
  (global as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = Date.now();

  // Act
  const result = await runReconcileToCompletion(
    {},
    {
      store,
      wickr,
      listers: [lister],
      queue,
      mapping: worldMapping({ scope: { idpGroups: ['Wickr Users'] } }),
      clock: { now: () => Date.now() },
      logger: new MemoryLogger(),
      newRunId: () => 'mem-run',
    },
  );

  // Assess
  const usedMb = Math.round((peak - before) / 1e6);
  const liveMb = Math.round((live - before) / 1e6);
  process.stdout.write(`reconcile 100k+100k (${source}): peak heap above baseline ${usedMb} MB, live while sending ${liveMb} MB, ${Date.now() - started} ms, ${result.invocations} invocation(s)\n`);
  return { usedMb, liveMb, result, store };
}

it('keeps the heap of a 100,000 + 100,000 user run far within a 512 MB function', async () => {
  const { usedMb, liveMb, result } = await measure('okta');
  expect(result.counts).toMatchObject({ wickrUsers: N, linked: N, drifted: N / 20, messagesSent: N / 20, linksWritten: N });
  // What the run keeps is far below the function's 512 MB; uncollected garbage on top stays below it too.
  expect(liveMb).toBeLessThan(200);
  expect(usedMb).toBeLessThan(450);
}, 300_000);

it('keeps it there for Identity Center, whose run also records every group member and membership id', async () => {
  const { usedMb, liveMb, result, store } = await measure('identity-center');
  expect(result.counts).toMatchObject({ wickrUsers: N, linked: N, drifted: N / 20, messagesSent: N / 20, linksWritten: N });
  // STAFF holds everyone, ENG a third: one member item and one membership item each.
  expect(store.groupRecordWrites).toBe(2 * (N + Math.ceil(N / 3)));
  expect(liveMb).toBeLessThan(200);
  expect(usedMb).toBeLessThan(450);
}, 300_000);
