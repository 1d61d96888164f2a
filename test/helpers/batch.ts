/** A batch run with in-memory fakes, shared by the unit tests of `src/core/sync`. */
import { parseMappingConfig } from '../../src/core/mapping';
import type { BatchDeps } from '../../src/core/sync/processBatch';
import type { QueueRecord } from '../../src/core/sync/records';
import type { DirectoryUser, WickrUser } from '../../src/core/types';
import { oktaEvent } from './events';
import { FakeDirectory, FakeQueue, FakeStore, FakeWickr, MemoryLogger } from './fakes';

export const mapping = parseMappingConfig({
  networkId: '12345678',
  securityGroups: [
    { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN1' },
    { idpGroup: '00gEng', securityGroupId: 'SGENG001' },
  ],
  defaultSecurityGroupId: 'SGDEFLT1',
});

export const ana: DirectoryUser = {
  idpUserId: '00uAna',
  email: 'ana@example.com',
  login: 'ana@example.com',
  firstName: 'Ana',
  lastName: 'Lima',
  active: true,
  groups: [{ id: '00gEng', name: 'Engineering' }],
};
export const anaWickr: WickrUser = { userId: '1001', username: 'ana@example.com', firstName: 'Ana', lastName: 'Lima', securityGroupIds: ['SGDEFLT1'], suspended: false };
export const boWickr: WickrUser = { userId: '1002', username: 'bo@example.com', firstName: 'Bo', lastName: 'Chen', securityGroupIds: ['SGDEFLT1'], suspended: false };

/** The batch's clock: events from the factories (published now) and fixed 2026 dates are in its past. */
export const NOW = Date.parse('2027-01-01T00:00:00Z');

let seq = 0;
/** An SQS record carrying `body` (objects are JSON-encoded). */
export function record(body: unknown, receiveCount = 1): QueueRecord {
  seq += 1;
  return { messageId: `m${seq}`, body: typeof body === 'string' ? body : JSON.stringify(body), receiptHandle: `rh${seq}`, receiveCount };
}

/** Fakes for every port and the deps of one batch (maxReceiveCount 5). */
export function setup(overrides: Partial<BatchDeps> = {}) {
  const wickr = new FakeWickr([anaWickr, boWickr]);
  const okta = new FakeDirectory('okta', [ana]);
  const iic = new FakeDirectory('identity-center', [
    { idpUserId: 'iic-bo', email: 'bo@example.com', firstName: 'Bo', lastName: 'Chen', active: true, groups: [{ id: 'g-admins', name: 'Wickr Admins' }] },
  ]);
  const store = new FakeStore();
  const queue = new FakeQueue();
  const logger = new MemoryLogger();
  const deps: BatchDeps = {
    mapping,
    wickr,
    store,
    queue,
    logger,
    directories: { okta, 'identity-center': iic },
    dryRun: false,
    genericEnabled: true,
    concurrency: 4,
    owner: 'inv-1',
    leaseMs: 60_000,
    startDeadline: Number.MAX_SAFE_INTEGER,
    shouldPause: () => false,
    clock: { now: () => NOW },
    random: () => 0.5,
    maxReceiveCount: 5,
    ...overrides,
  };
  return { deps, wickr, okta, iic, store, queue, logger };
}

/** Ana joins Engineering in Okta. */
export const addAna = (uuid = 'evt-1') => oktaEvent({ eventType: 'group.user_membership.add', userId: '00uAna', login: 'ana@example.com', groupId: '00gEng', uuid });
