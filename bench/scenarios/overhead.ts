/**
 * Measurement 3: the consumer's CPU time per record (parse, map, plan, sign, idempotency, the
 * AWS SDK and Okta SDK calls, logging and metrics) in the bundled handler, with the emulators in
 * another process answering at once, against a floor measured in the same worker right after: a
 * bare loop making the same Wickr calls, SigV4-signed, and nothing else.
 */
import { randomUUID } from 'node:crypto';
import type { BenchRecord, FloorCall } from '../inprocess/protocol';
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
};

function records(users: readonly BenchUser[]): BenchRecord[][] {
  const batches: BenchRecord[][] = [];
  for (let i = 0; i < users.length; i += 10) batches.push(users.slice(i, i + 10).map((u) => ({ messageId: randomUUID(), body: JSON.stringify(membershipAdd(u)) })));
  return batches;
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
    for (let r = 0; r < options.rounds; r++) {
      const start = options.warmupBatches * 10 + r * perRound;
      const roundUsers = users.slice(start, start + perRound);
      const before = rig.wickr.state().requests;
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
      samples.push({
        records: perRound,
        wickrCalls,
        handlerCpuMicrosPerRecord: handler.cpuMicros / perRound,
        floorCpuMicrosPerRecord: floor.cpuMicros / perRound,
        ratio: handler.cpuMicros / floor.cpuMicros,
        handlerWallMsPerBatch: handler.wallMs / options.batchesPerRound,
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
      samples: samples.map((s) => ({ ...s, handlerCpuMicrosPerRecord: round(s.handlerCpuMicrosPerRecord, 0), floorCpuMicrosPerRecord: round(s.floorCpuMicrosPerRecord, 0), ratio: round(s.ratio, 2), handlerWallMsPerBatch: round(s.handlerWallMsPerBatch, 1) })),
    };
  } finally {
    await rig.stop();
  }
}
