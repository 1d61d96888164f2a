/**
 * Measurement 2: Wickr calls per event by kind, read from the emulator's request counts, with
 * the directory (Okta) and AWS requests the same events cost (they feed the cost estimate).
 * The real handler runs in a worker; events go to it as SQS batches of 10.
 */
import { randomUUID } from 'node:crypto';
import { startRig, requestDelta, type Rig } from '../inprocess/rig';
import type { BenchRecord } from '../inprocess/protocol';
import { benchUser, membershipAdd, oktaEvent, OktaGroup, population, type BenchUser } from '../lib/population';
import { DYNAMODB_UNITS } from '../lib/aws';
import { round } from '../lib/stats';

/** The event kinds measured. */
export const EventKind = {
  MembershipChange: 'membershipChange',
  ProfileChange: 'profileChange',
  Unchanged: 'unchanged',
  Duplicate: 'duplicate',
  Deactivation: 'deactivation',
  FirstSight: 'firstSight',
  Coalesced: 'coalescedPair',
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Requests per event of one kind (or of the mix). */
export type CallsPerEvent = {
  readonly events: number;
  readonly wickrReads: number;
  readonly wickrWrites: number;
  readonly wickrByOperation: Record<string, number>;
  readonly oktaCalls: number;
  readonly dynamodbReads: number;
  readonly dynamodbWrites: number;
  readonly sqsRequests: number;
  readonly awsByCommand: Record<string, number>;
  readonly failedRecords: number;
  /** Strongly consistent read units per event (items ≤ 4 KB): issue #14's goal is ≤ 1 on the mix. */
  readonly dynamodbConsistentReads?: number;
  /** Eventually consistent reads per event (half a unit each). */
  readonly dynamodbEventualReads?: number;
  /** Write units per event (items ≤ 1 KB; a transaction's items count twice): issue #14's goal is ≤ 2 on the mix. */
  readonly dynamodbWriteUnits?: number;
};

const WICKR_WRITES = new Set(['UpdateUser', 'BatchToggleUserSuspendStatus']);
const DYNAMODB_READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems'].map((c) => `dynamodb.${c}Command`));

/** How each kind's users start: what Okta says, and whether the consumer already linked them. */
const SETUP: Record<Exclude<EventKind, 'duplicate'>, { groups: string[]; renamed?: boolean; status?: string; linked: boolean; events: (u: BenchUser) => object[] }> = {
  membershipChange: { groups: [OktaGroup.Engineering], linked: true, events: (u) => [membershipAdd(u)] },
  profileChange: { groups: [], renamed: true, linked: true, events: (u) => [oktaEvent(u, 'user.account.update_profile')] },
  unchanged: { groups: [], linked: true, events: (u) => [oktaEvent(u, 'user.account.update_profile')] },
  deactivation: { groups: [], status: 'DEPROVISIONED', linked: true, events: (u) => [oktaEvent(u, 'user.lifecycle.deactivate')] },
  firstSight: { groups: [OktaGroup.Engineering], linked: false, events: (u) => [membershipAdd(u)] },
  // A user changed twice before the consumer ran: both events land in one batch.
  coalescedPair: { groups: [OktaGroup.Engineering], renamed: true, linked: true, events: (u) => [membershipAdd(u), oktaEvent(u, 'user.account.update_profile')] },
};

/** Primary kinds of the realistic mix, per 100 users (duplicates are added as about 1 in 10 events). */
const MIX: readonly [Exclude<EventKind, 'duplicate'>, number][] = [
  ['membershipChange', 40],
  ['profileChange', 15],
  ['unchanged', 25],
  ['deactivation', 5],
  ['firstSight', 10],
  ['coalescedPair', 5],
];

type Plan = { kind: Exclude<EventKind, 'duplicate'>; user: BenchUser };

function seedsFor(plans: readonly Plan[]) {
  const { seed } = population(0);
  const users = plans.map((p) => p.user);
  const okta = {
    ...seed.okta,
    users: plans.map(({ kind, user }) => {
      const s = SETUP[kind];
      return {
        id: user.oktaId,
        status: s.status ?? 'ACTIVE',
        profile: { login: user.login, email: user.login, firstName: s.renamed ? `Renamed${user.index}` : `First${user.index}`, lastName: `Last${user.index}` },
        groupIds: s.groups,
      };
    }),
  };
  const wickr = { ...seed.wickr, users: users.map((u) => ({ userId: u.wickrUserId, username: u.login, firstName: `First${u.index}`, lastName: `Last${u.index}`, securityGroupIds: ['SGDEFLT1'] })) };
  return { okta, wickr };
}

const toRecords = (bodies: readonly object[]): BenchRecord[] => bodies.map((b) => ({ messageId: randomUUID(), body: JSON.stringify(b) }));
const batchesOf = <T>(items: readonly T[], size = 10): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

async function measureBatches(rig: Rig, records: readonly BenchRecord[]): Promise<CallsPerEvent> {
  const wickrBefore = rig.wickr.state().requests;
  const oktaBefore = rig.okta.state().requests;
  const result = await rig.worker.invoke(batchesOf(records));
  const wickr = requestDelta(rig.wickr.state().requests, wickrBefore);
  const okta = requestDelta(rig.okta.state().requests, oktaBefore);
  const n = records.length;
  const sum = (m: Record<string, number>, keep: (k: string) => boolean): number =>
    Object.entries(m)
      .filter(([k]) => keep(k))
      .reduce((a, [, v]) => a + v, 0);
  const per = (m: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v / n)]));
  return {
    events: n,
    wickrReads: round(sum(wickr, (k) => !WICKR_WRITES.has(k)) / n),
    wickrWrites: round(sum(wickr, (k) => WICKR_WRITES.has(k)) / n),
    wickrByOperation: per(wickr),
    oktaCalls: round(sum(okta, () => true) / n),
    dynamodbReads: round(sum(result.counts, (k) => DYNAMODB_READS.has(k)) / n),
    dynamodbWrites: round(sum(result.counts, (k) => k.startsWith('dynamodb.') && !DYNAMODB_READS.has(k)) / n),
    sqsRequests: round(sum(result.counts, (k) => k.startsWith('sqs.')) / n),
    awsByCommand: per(Object.fromEntries(Object.entries(result.counts).filter(([k]) => !k.startsWith('units:')))),
    failedRecords: result.failedRecords,
    dynamodbConsistentReads: round((result.counts[DYNAMODB_UNITS.consistentReads] ?? 0) / n),
    dynamodbEventualReads: round((result.counts[DYNAMODB_UNITS.eventualReads] ?? 0) / n),
    dynamodbWriteUnits: round((result.counts[DYNAMODB_UNITS.writeUnits] ?? 0) / n),
  };
}

/** A deterministic shuffle (mulberry32), so every run measures the same mix. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed;
  const random = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Results by kind and for the realistic mix. */
export type CallsPerEventResult = { readonly byKind: Record<EventKind, CallsPerEvent>; readonly mix: CallsPerEvent & { readonly composition: Record<string, number> } };

/** Runs every kind with `usersPerKind` users, then a realistic mix of about `mixUsers` users. */
export async function runCallsPerEvent(motoEndpoint: string, options: { usersPerKind: number; mixUsers: number }): Promise<CallsPerEventResult> {
  const kinds = Object.keys(SETUP) as Exclude<EventKind, 'duplicate'>[];
  let next = 0;
  const kindPlans = kinds.flatMap((kind) => Array.from({ length: options.usersPerKind }, () => ({ kind, user: benchUser(next++) })));
  const mixPlans = shuffle(
    MIX.flatMap(([kind, per100]) => Array.from({ length: Math.round((per100 * options.mixUsers) / 100) }, () => ({ kind, user: benchUser(next++) }))),
    7,
  );
  const rig = await startRig(motoEndpoint, seedsFor([...kindPlans, ...mixPlans]), 'calls');
  try {
    for (const plans of [kindPlans, mixPlans]) {
      const linked = plans.filter((p) => SETUP[p.kind].linked).map((p) => p.user);
      await rig.link(linked);
    }
    const byKind = {} as Record<EventKind, CallsPerEvent>;
    const unchangedRecords: BenchRecord[] = [];
    for (const kind of kinds) {
      const records = toRecords(kindPlans.filter((p) => p.kind === kind).flatMap((p) => SETUP[kind].events(p.user)));
      if (kind === 'unchanged') unchangedRecords.push(...records);
      byKind[kind] = await measureBatches(rig, records);
    }
    // The same IdP events delivered again (EventBridge and SQS are at-least-once), in later invocations.
    byKind.duplicate = await measureBatches(
      rig,
      unchangedRecords.map((r) => ({ messageId: randomUUID(), body: r.body })),
    );

    const primaries = toRecords(mixPlans.flatMap((p) => SETUP[p.kind].events(p.user)));
    const mixed: BenchRecord[] = [];
    primaries.forEach((record, i) => {
      mixed.push(record);
      // About one event in ten arrives twice, the copy in a later batch.
      if (i >= 20 && i % 10 === 5) mixed.push({ messageId: randomUUID(), body: primaries[i - 15].body });
    });
    const composition: Record<string, number> = Object.fromEntries(MIX.map(([kind]) => [kind, mixPlans.filter((p) => p.kind === kind).length * (kind === 'coalescedPair' ? 2 : 1)]));
    composition.duplicate = mixed.length - primaries.length;
    const mix = { ...(await measureBatches(rig, mixed)), composition };
    return { byKind, mix };
  } finally {
    await rig.stop();
  }
}
