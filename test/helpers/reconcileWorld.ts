/** A network, a directory and the consumer in memory, for tests of whole reconcile runs. */
import { parseMappingConfig } from '../../src/core/mapping';
import type { QueuePort } from '../../src/core/ports';
import { processBatch } from '../../src/core/sync/processBatch';
import type { RecordResult } from '../../src/core/sync/records';
import type { DirectoryUser, IdpSource, MappingConfig, WickrUser } from '../../src/core/types';
import type { InProcessRunDeps } from '../../src/handlers/reconcile/runToCompletion';
import { FakeDirectory, FakeLister, FakeProvisioning, FakeQueue, FakeReconcileStore, FakeStore, FakeWickr, FakeWickrList, MemoryLogger } from './fakes';

/** The default mapping of these tests: one mapped group, a default group, scope on "Wickr Users". */
export function worldMapping(patch: Record<string, unknown> = {}): MappingConfig {
  return parseMappingConfig({
    networkId: '12345678',
    securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGENG' }],
    defaultSecurityGroupId: 'SGDEF',
    guard: { maxSuspensions: 1000, maxSuspensionPercent: 100 },
    ...patch,
  });
}

export const ENG = { id: '00gEng', name: 'Engineering' };
export const STAFF = { id: '00gStaff', name: 'Wickr Users' };

/** `n` IdP users `u0…` in STAFF (every third in ENG too) and their Wickr accounts, all in line. */
export function company(n: number): { users: DirectoryUser[]; wickrUsers: WickrUser[] } {
  const users: DirectoryUser[] = [];
  const wickrUsers: WickrUser[] = [];
  for (let i = 0; i < n; i += 1) {
    const eng = i % 3 === 0;
    users.push({ idpUserId: `u${i}`, email: `user${i}@example.com`, firstName: `F${i}`, lastName: `L${i}`, active: true, groups: eng ? [STAFF, ENG] : [STAFF] });
    wickrUsers.push({ userId: `w${i}`, username: `user${i}@example.com`, firstName: `F${i}`, lastName: `L${i}`, securityGroupIds: [eng ? 'SGENG' : 'SGDEF'], suspended: false });
  }
  return { users, wickrUsers };
}

/** Everything a run and the consumer touch, with a clock that ticks on every reading. */
export class ReconcileWorld {
  public readonly wickr: FakeWickr;
  public readonly okta: FakeDirectory;
  public readonly state = new FakeStore();
  public readonly runs: FakeReconcileStore;
  public readonly queue = new FakeQueue();
  public readonly logger = new MemoryLogger();
  public readonly lister: FakeLister;
  public readonly wickrList: FakeWickrList;
  /** BatchCreateUser / BatchReinviteUser over `wickr`, for the consumer. */
  public readonly provisioning: FakeProvisioning;
  public time = 1_700_000_000_000;
  public tick = 1;
  #ids = 0;

  /** `source` names the directory (`okta` is the field's name whatever the source). */
  public constructor(
    users: DirectoryUser[],
    wickrUsers: WickrUser[],
    public mapping: MappingConfig = worldMapping(),
    pageSize = 100,
    source: IdpSource = 'okta',
  ) {
    this.wickr = new FakeWickr(wickrUsers);
    this.okta = new FakeDirectory(source, users);
    this.runs = new FakeReconcileStore(this.state, pageSize);
    this.lister = new FakeLister(this.okta, pageSize);
    this.wickrList = new FakeWickrList(this.wickr, pageSize);
    this.provisioning = new FakeProvisioning(this.wickr);
  }

  public readonly clock = { now: (): number => (this.time += this.tick) };

  #nextRunId(): string {
    this.#ids += 1;
    return `run-${this.#ids}`;
  }

  /** Dependencies of an in-process run; `queue` may be replaced (e.g. one that fails). */
  public runDeps(patch: Partial<InProcessRunDeps> & { queue?: QueuePort } = {}): InProcessRunDeps {
    return {
      store: this.runs,
      wickr: this.wickrList,
      listers: [this.lister],
      queue: this.queue,
      mapping: this.mapping,
      clock: this.clock,
      logger: this.logger,
      newRunId: () => this.#nextRunId(),
      ...patch,
    };
  }

  /** Hands every message the runs sent to the real consumer, as SQS would; returns the outcomes. */
  public async drain(): Promise<RecordResult[]> {
    const bodies = this.queue.sent.splice(0).map((m) => m.body);
    const records = bodies.map((body, i) => ({ messageId: `m${this.time}-${i}`, body, receiptHandle: `rh${i}`, receiveCount: 1 }));
    const results: RecordResult[] = [];
    for (let i = 0; i < records.length; i += 10) {
      results.push(
        ...(await processBatch(records.slice(i, i + 10), {
          mapping: this.mapping,
          wickr: this.wickr,
          provisioning: this.provisioning,
          directories: { [this.okta.source]: this.okta },
          store: this.state,
          queue: this.queue,
          dryRun: false,
          genericEnabled: true,
          logger: this.logger,
          concurrency: 4,
          owner: 'consumer',
          leaseMs: 60_000,
          startDeadline: Number.MAX_SAFE_INTEGER,
          shouldPause: () => false,
          maxReceiveCount: 5,
          clock: { now: () => this.time },
          random: () => 0.5,
        })),
      );
    }
    return results;
  }
}
