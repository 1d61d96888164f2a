/**
 * Measurement 3: the consumer's CPU time per record (parse, map, plan, sign, idempotency, the
 * AWS SDK and Okta client calls, logging and metrics) in the bundled handler, with the emulators
 * in another process answering at once, against two floors measured in the same worker right
 * after: a bare loop making the same Wickr calls, SigV4-signed, and nothing else (issue #7's
 * floor); and the record floor (issue #14), which also makes the record's Okta GETs and its
 * DynamoDB calls bare. Both floors copy the calls the handler made in that round, counted by the
 * emulators and by a middleware on its AWS clients, so they follow the consumer when it changes.
 */
import { randomUUID } from 'node:crypto';
import type { BenchRecord, FloorCall, FloorDynamoCall, FloorOktaCall } from '../inprocess/protocol';
import { requestDelta, startRig } from '../inprocess/rig';
import { benchUser, membershipAdd, population, SecurityGroup, type BenchUser } from '../lib/population';
import { median, round } from '../lib/stats';

/** One measured round: the handler, then the floor making the same calls. */
export type OverheadRound = {
  readonly records: number;
  readonly wickrCalls: number;
  readonly handlerCpuMicrosPerRecord: number;
  readonly floorCpuMicrosPerRecord: number;
  readonly ratio: number;
  readonly handlerWallMsPerBatch: number;
  /** The record floor: the same Wickr, Okta and DynamoDB calls, bare. */
  readonly recordFloorCpuMicrosPerRecord: number;
  readonly recordFloorRatio: number;
};

/** The network calls the handler made per record, counted in the run (the record floor repeats them). */
export type OverheadCallsPerRecord = {
  readonly wickr: number;
  readonly okta: number;
  readonly dynamodb: number;
  /** Per record, by command (`GetItem`, `PutItem`, …). */
  readonly dynamodbByCommand: Record<string, number>;
  /** Per record, by route template of the Okta emulator. */
  readonly oktaByRoute: Record<string, number>;
  /** SQS requests per record (not in the floor: the event source mapping's, not the record's). */
  readonly sqs: number;
};

/** Medians over the rounds, and the rounds themselves. */
export type OverheadResult = {
  readonly recordKind: 'membershipChange';
  readonly rounds: number;
  readonly recordsPerRound: number;
  readonly wickrCallsPerRecord: number;
  readonly handlerCpuMsPerRecord: number;
  readonly floorCpuMsPerRecord: number;
  /** Handler CPU ÷ floor CPU for the same Wickr calls. */
  readonly ratio: number;
  readonly handlerWallMsPerBatch: number;
  readonly samples: readonly OverheadRound[];
  /** CPU per record of the record floor: the same Wickr, Okta and DynamoDB calls, bare (issue #14). */
  readonly recordFloorCpuMsPerRecord?: number;
  /** Handler CPU ÷ record floor CPU (issue #14's goal: ≤ 4). */
  readonly recordFloorRatio?: number;
  /** The calls per record the record floor made (the handler's, median round). */
  readonly callsPerRecord?: OverheadCallsPerRecord;
  /** DynamoDB commands the record floor could not shape and skipped, per round (none expected). */
  readonly recordFloorUnmodelled?: Record<string, number>;
};

function records(users: readonly BenchUser[]): BenchRecord[][] {
  const batches: BenchRecord[][] = [];
  for (let i = 0; i < users.length; i += 10) batches.push(users.slice(i, i + 10).map((u) => ({ messageId: randomUUID(), body: JSON.stringify(membershipAdd(u)) })));
  return batches;
}

/**
 * The calls of one round for the record floor: the Wickr calls of the Wickr floor, the Okta GETs
 * the emulator counted (route templates filled with the round's users' ids), and one DynamoDB
 * call per command the handler's client sent, each on a fresh key.
 */
function recordFloorCalls(users: readonly BenchUser[], wickr: readonly FloorCall[], oktaByRoute: Record<string, number>, counts: Record<string, number>, roundIndex: number) {
  const okta: FloorOktaCall[] = [];
  for (const [route, n] of Object.entries(oktaByRoute)) {
    const [method, template] = route.split(' ');
    if (method !== 'GET' || !template) throw new Error(`overhead: the handler made an Okta call the floor does not model: ${route}`);
    for (let i = 0; i < n; i++) okta.push({ path: template.replace(/\{[^}]+\}/g, users[i % users.length].oktaId) });
  }
  const dynamoByCommand: Record<string, number> = {};
  let sqs = 0;
  for (const [key, n] of Object.entries(counts)) {
    const [service, command] = key.split('.');
    if (service === 'dynamodb') dynamoByCommand[command.replace(/Command$/, '')] = n;
    else if (service === 'sqs') sqs += n;
  }
  const dynamodb: FloorDynamoCall[] = Object.entries(dynamoByCommand).flatMap(([command, n]) => Array.from({ length: n }, (_, i) => ({ command, key: `floor#${roundIndex}#${command}#${i}` })));
  const per = (n: number, records: number): number => round3(n / records);
  return {
    calls: { wickr, okta, dynamodb },
    perRecord: (records: number): OverheadCallsPerRecord => ({
      wickr: per(wickr.length, records),
      okta: per(okta.length, records),
      dynamodb: per(dynamodb.length, records),
      dynamodbByCommand: Object.fromEntries(Object.entries(dynamoByCommand).map(([c, n]) => [c, per(n, records)])),
      oktaByRoute: Object.fromEntries(Object.entries(oktaByRoute).map(([c, n]) => [c, per(n, records)])),
      sqs: per(sqs, records),
    }),
  };
}

const round3 = (x: number): number => round(x, 3);

/** The median of each count over the rounds (they are equal unless a round retried). */
function medianCalls(rounds: readonly OverheadCallsPerRecord[]): OverheadCallsPerRecord | undefined {
  if (!rounds.length) return undefined;
  const keys = (pick: (c: OverheadCallsPerRecord) => Record<string, number>): string[] => [...new Set(rounds.flatMap((c) => Object.keys(pick(c))))];
  const med = (f: (c: OverheadCallsPerRecord) => number): number => round3(median(rounds.map(f)));
  return {
    wickr: med((c) => c.wickr),
    okta: med((c) => c.okta),
    dynamodb: med((c) => c.dynamodb),
    dynamodbByCommand: Object.fromEntries(keys((c) => c.dynamodbByCommand).map((k) => [k, med((c) => c.dynamodbByCommand[k] ?? 0)])),
    oktaByRoute: Object.fromEntries(keys((c) => c.oktaByRoute).map((k) => [k, med((c) => c.oktaByRoute[k] ?? 0)])),
    sqs: med((c) => c.sqs),
  };
}

/**
 * Runs `rounds` rounds of `batchesPerRound` batches of 10 membership changes (each: Okta user and
 * groups read, one GetUser, one UpdateUser, the idempotency and lease items), after a warm-up.
 */
export async function runOverhead(motoEndpoint: string, options: { rounds: number; batchesPerRound: number; warmupBatches: number }): Promise<OverheadResult> {
  const perRound = options.batchesPerRound * 10;
  const total = options.warmupBatches * 10 + options.rounds * perRound;
  const { seed } = population(total);
  const rig = await startRig(motoEndpoint, seed, 'overhead');
  try {
    const users = Array.from({ length: total }, (_, i) => benchUser(i));
    await rig.link(users);
    const warm = await rig.worker.invoke(records(users.slice(0, options.warmupBatches * 10)));
    if (warm.failedRecords) throw new Error(`overhead warm-up: ${warm.failedRecords} records failed`);
    const samples: OverheadRound[] = [];
    const perRoundCalls: OverheadCallsPerRecord[] = [];
    const unmodelled: Record<string, number> = {};
    for (let r = 0; r < options.rounds; r++) {
      const start = options.warmupBatches * 10 + r * perRound;
      const roundUsers = users.slice(start, start + perRound);
      const before = rig.wickr.state().requests;
      const oktaBefore = rig.okta.state().requests;
      const handler = await rig.worker.invoke(records(roundUsers));
      if (handler.failedRecords) throw new Error(`overhead round ${r}: ${handler.failedRecords} records failed`);
      const calls = requestDelta(rig.wickr.state().requests, before);
      // The same calls again, bare: GetUser then UpdateUser per user, as the handler made them.
      const floorCalls: FloorCall[] = [];
      for (let i = 0; i < (calls.GetUser ?? 0); i++) floorCalls.push({ operation: 'GetUser', userId: roundUsers[i % roundUsers.length].wickrUserId });
      for (let i = 0; i < (calls.UpdateUser ?? 0); i++) floorCalls.push({ operation: 'UpdateUser', userId: roundUsers[i % roundUsers.length].wickrUserId, securityGroupId: SecurityGroup.Engineering });
      const wickrCalls = Object.values(calls).reduce((a, b) => a + b, 0);
      if (floorCalls.length !== wickrCalls) throw new Error(`overhead: the handler made calls the floor does not model: ${JSON.stringify(calls)}`);
      const floor = await rig.worker.floor(floorCalls, 4);
      const oktaCalls = requestDelta(rig.okta.state().requests, oktaBefore);
      const record = recordFloorCalls(roundUsers, floorCalls, oktaCalls, handler.counts, r);
      const full = await rig.worker.recordFloor(record.calls, 4);
      const failing = Object.entries(full.statuses).flatMap(([service, byStatus]) =>
        Object.keys(byStatus)
          .filter((st) => st !== 'unmodelled' && !st.startsWith('2'))
          .map((st) => `${service} ${st}`),
      );
      if (failing.length) throw new Error(`overhead round ${r}: the record floor's calls failed (${failing.join(', ')}): ${JSON.stringify(full.statuses)}`);
      if (full.statuses.dynamodb.unmodelled) unmodelled[r] = full.statuses.dynamodb.unmodelled;
      perRoundCalls.push(record.perRecord(perRound));
      samples.push({
        records: perRound,
        wickrCalls,
        handlerCpuMicrosPerRecord: handler.cpuMicros / perRound,
        floorCpuMicrosPerRecord: floor.cpuMicros / perRound,
        ratio: handler.cpuMicros / floor.cpuMicros,
        handlerWallMsPerBatch: handler.wallMs / options.batchesPerRound,
        recordFloorCpuMicrosPerRecord: full.cpuMicros / perRound,
        recordFloorRatio: handler.cpuMicros / full.cpuMicros,
      });
    }
    return {
      recordKind: 'membershipChange',
      rounds: options.rounds,
      recordsPerRound: perRound,
      wickrCallsPerRecord: round(median(samples.map((s) => s.wickrCalls / s.records))),
      handlerCpuMsPerRecord: round(median(samples.map((s) => s.handlerCpuMicrosPerRecord)) / 1000),
      floorCpuMsPerRecord: round(median(samples.map((s) => s.floorCpuMicrosPerRecord)) / 1000),
      ratio: round(median(samples.map((s) => s.ratio)), 2),
      handlerWallMsPerBatch: round(median(samples.map((s) => s.handlerWallMsPerBatch)), 1),
      samples: samples.map((s) => ({
        ...s,
        handlerCpuMicrosPerRecord: round(s.handlerCpuMicrosPerRecord, 0),
        floorCpuMicrosPerRecord: round(s.floorCpuMicrosPerRecord, 0),
        ratio: round(s.ratio, 2),
        handlerWallMsPerBatch: round(s.handlerWallMsPerBatch, 1),
        recordFloorCpuMicrosPerRecord: round(s.recordFloorCpuMicrosPerRecord, 0),
        recordFloorRatio: round(s.recordFloorRatio, 2),
      })),
      recordFloorCpuMsPerRecord: round(median(samples.map((s) => s.recordFloorCpuMicrosPerRecord)) / 1000),
      recordFloorRatio: round(median(samples.map((s) => s.recordFloorRatio)), 2),
      callsPerRecord: medianCalls(perRoundCalls),
      recordFloorUnmodelled: unmodelled,
    };
  } finally {
    await rig.stop();
  }
}
