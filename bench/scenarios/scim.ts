/**
 * The SCIM endpoint (issue 20): request latency, a sustained rate with no 5xx, Wickr writes
 * against real changes, and the cost per million SCIM requests. The real scim handler runs behind
 * the local HTTP API stand-in (local/stack/scim), in front of moto, the bus, the queue, the
 * consumer and the Wickr emulator, as `npm start -- --scim-port` runs it.
 */
import type { BenchMoto } from '../lib/moto';
import { mean, quantile, round } from '../lib/stats';
import { startLocalStack } from '../../local/stack/stack';
import { waitUntilSettled } from '../../local/stack/run';
import type { ScenarioSeed } from '../../local/stack/scenario';
import { BENCH_STACK_PARAMS } from '../e2e/benchStack';
import { PRICES } from './cost';

const TOKEN = 'bench-scim-token-0123456789abcdef';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** API Gateway HTTP API, first 300 million requests a month (us-east-1): https://aws.amazon.com/api-gateway/pricing/ */
export const HTTP_API_REQUEST_PER_MILLION = { usd: 1.0, source: 'https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million requests/month, up to 512 KB each)' };

export type ScimBenchResult = {
  readonly latency: { readonly requests: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number; readonly functionMeanMs: number };
  readonly sustained: {
    readonly targetPerSecond: number;
    readonly seconds: number;
    readonly sent: number;
    /** Requests sent per second over the sending window. */
    readonly achievedPerSecond: number;
    /** When the last answer came, from the first request (s): above `seconds`, answers queued locally. */
    readonly answeredWithinSeconds: number;
    readonly byStatus: Readonly<Record<string, number>>;
    readonly serverErrors: number;
    readonly p50Ms: number;
    readonly p99Ms: number;
  };
  /** The sustained phase's real changes (a changed family name) against the Wickr writes they caused. */
  readonly writes: { readonly realChanges: number; readonly wickrWrites: number; readonly wickrWritesByOperation: Readonly<Record<string, number>> };
  readonly cost: { readonly perMillionRequestsUsd: number; readonly lines: readonly { item: string; usd: number }[]; readonly assumptions: readonly string[] };
};

const SEED: ScenarioSeed = {
  mapping: {
    networkId: '12345678',
    usernameAttribute: 'email',
    securityGroups: [{ idpGroup: 'Wickr Bench', securityGroupId: 'SGBENCH1' }],
    defaultSecurityGroupId: 'SGDEFLT1',
    onNoMappedGroup: 'default',
    onDeactivate: 'suspend',
    onDelete: 'suspend',
    provisioning: { createUsers: true },
  },
  wickr: {
    networkId: '12345678',
    securityGroups: [
      { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
      { id: 'SGBENCH1', name: 'Bench' },
    ],
    users: [],
  },
};

type Timed = { status: number; ms: number; body?: Record<string, unknown> };

/** Runs the SCIM measurements on the bench's moto. `seconds` of sustained load at `perSecond`. */
export async function runScimBench(moto: BenchMoto, options: { perSecond: number; seconds: number; users: number; latencyRequests: number; log: (line: string) => void }): Promise<ScimBenchResult> {
  const functionMs: number[] = [];
  const stack = await startLocalStack({
    seed: SEED,
    motoEndpoint: moto.endpoint,
    nameSuffix: '-scim',
    packageParams: BENCH_STACK_PARAMS,
    scim: { port: 0, token: TOKEN, maxEnvironments: 4, onRequest: ({ functionMs: ms }) => void (ms !== undefined && functionMs.push(ms)) },
    log: options.log,
  });
  try {
    const base = stack.scim!.server.url;
    const call = async (method: string, path: string, body?: unknown): Promise<Timed> => {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, ms: performance.now() - started, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    };
    const user = (i: number, familyName = 'Bench') => ({
      schemas: [USER],
      userName: `bench${i}@example.com`,
      active: true,
      name: { givenName: `B${i}`, familyName },
      emails: [{ value: `bench${i}@example.com`, type: 'work', primary: true }],
    });

    // The population, created as an IdP's first cycle does: a lookup, then POST.
    const ids: string[] = [];
    let realChanges = 0;
    for (let i = 0; i < options.users; i++) {
      await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "bench${i}@example.com"`)}`);
      const created = await call('POST', '/Users', user(i));
      if (created.status !== 201) throw new Error(`POST /Users answered ${created.status}`);
      ids.push(created.body?.id as string);
      realChanges += 1;
    }
    await waitUntilSettled(stack, 300_000);
    realChanges = 0; // the sustained phase's changes are compared with the writes it caused

    // Latency: one request at a time, an IdP cycle's mix (lookups, reads, no-op replays).
    const latencies: number[] = [];
    for (let i = 0; i < options.latencyRequests; i++) {
      const id = ids[i % ids.length]!;
      const r =
        i % 3 === 0
          ? await call('GET', `/Users?filter=${encodeURIComponent(`userName eq "bench${i % ids.length}@example.com"`)}`)
          : i % 3 === 1
            ? await call('GET', `/Users/${id}`)
            : await call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] });
      latencies.push(r.ms);
    }

    // Sustained: `perSecond` requests every second, started on schedule whatever the answers' pace.
    // One in five changes a user's family name (a real change); the rest are lookups, reads and replays.
    const sustained: Timed[] = [];
    const writesBefore = wickrWrites(stack.wickr.state().requests as Record<string, Record<string, number>>);
    const pending: Promise<void>[] = [];
    const started = performance.now();
    let sent = 0;
    let changeRound = 0;
    for (let second = 0; second < options.seconds; second++) {
      for (let k = 0; k < options.perSecond; k++) {
        const at = started + second * 1000 + (k * 1000) / options.perSecond;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const i = sent++;
        const id = ids[i % ids.length]!;
        let request: Promise<Timed>;
        if (i % 5 === 0) {
          changeRound += 1;
          realChanges += 1;
          request = call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'name.familyName', value: `Bench${changeRound}` }] });
        } else if (i % 5 === 1 || i % 5 === 2) request = call('GET', `/Users?filter=${encodeURIComponent(`userName eq "bench${i % ids.length}@example.com"`)}`);
        else if (i % 5 === 3) request = call('GET', `/Users/${id}`);
        else request = call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] });
        pending.push(request.then((r) => void sustained.push(r)));
      }
    }
    const sendSeconds = (performance.now() - started) / 1000;
    await Promise.all(pending);
    const answeredSeconds = (performance.now() - started) / 1000;
    await waitUntilSettled(stack, 300_000);

    const byStatus: Record<string, number> = {};
    for (const r of sustained) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const writesAfter = wickrWrites(stack.wickr.state().requests as Record<string, Record<string, number>>);
    const writesByOperation: Record<string, number> = {};
    for (const [op, n] of Object.entries(writesAfter)) if (n - (writesBefore[op] ?? 0) > 0) writesByOperation[op] = n - (writesBefore[op] ?? 0);

    const sustainedMs = sustained.map((r) => r.ms);
    const functionMeanMs = mean(functionMs);
    const changeShare = 1 / 5;
    return {
      latency: {
        requests: latencies.length,
        p50Ms: round(quantile(latencies, 0.5), 1),
        p99Ms: round(quantile(latencies, 0.99), 1),
        maxMs: round(Math.max(...latencies), 1),
        functionMeanMs: round(functionMeanMs, 1),
      },
      sustained: {
        targetPerSecond: options.perSecond,
        seconds: options.seconds,
        sent,
        achievedPerSecond: round(sent / sendSeconds, 2),
        answeredWithinSeconds: round(answeredSeconds, 1),
        byStatus,
        serverErrors: sustained.filter((r) => r.status >= 500).length,
        p50Ms: round(quantile(sustainedMs, 0.5), 1),
        p99Ms: round(quantile(sustainedMs, 0.99), 1),
      },
      writes: { realChanges, wickrWrites: Object.values(writesByOperation).reduce((a, b) => a + b, 0), wickrWritesByOperation: writesByOperation },
      cost: costPerMillion({ functionMeanMs, changeShare }),
    };
  } finally {
    await stack.stop();
  }
}

/** Successful Wickr writes by operation (reads left out). */
function wickrWrites(requests: Record<string, Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(requests)
      .filter(([op]) => !/^(Get|List)/.test(op))
      .map(([op, statuses]) => [op, statuses['200'] ?? 0]),
  );
}

/**
 * The cost of one million SCIM requests at the sustained mix, on paper (us-east-1 list prices).
 * The function's billed time is the mean local invocation time (warm execution environments,
 * under the sustained load, on the development machine). DynamoDB request units per
 * request are counted from what the store does for each kind of request (not measured).
 */
function costPerMillion(m: { functionMeanMs: number; changeShare: number }): ScimBenchResult['cost'] {
  const M = 1_000_000;
  const memoryGb = 512 / 1024;
  const billedMs = Math.ceil(m.functionMeanMs);
  // A change: one transaction of the user, its name item and the outbox entry (2 WRU each), the
  // outbox delete (1 WRU), two consistent reads (version, name owner). A read or a replay: about
  // 2 RRU (an eventually consistent Query of the index and a consistent GetItem).
  const writeUnits = M * m.changeShare * (3 * 2 + 1);
  const readUnits = M * (m.changeShare * 2 + (1 - m.changeShare) * 2);
  // Each change is one event downstream: EventBridge, then the consumer's own cost per event
  // (docs/performance.md, $4.09 per million IdP events steady).
  const downstreamPerEventUsd = 4.09 / M;
  const lines = [
    { item: 'API Gateway HTTP API requests', usd: HTTP_API_REQUEST_PER_MILLION.usd },
    { item: 'Lambda requests (scim)', usd: PRICES.lambdaRequestPerMillion.usd },
    { item: `Lambda duration (scim, ${billedMs} ms × 512 MB, Arm)`, usd: round(M * (billedMs / 1000) * memoryGb * PRICES.lambdaArmGbSecond.usd, 3) },
    { item: 'DynamoDB write request units (SCIM store)', usd: round((writeUnits / M) * PRICES.dynamodbWriteUnitPerMillion.usd, 3) },
    { item: 'DynamoDB read request units (SCIM store)', usd: round((readUnits / M) * PRICES.dynamodbReadUnitPerMillion.usd, 3) },
    { item: 'EventBridge events (one per change)', usd: round(m.changeShare * PRICES.eventBridgeEventPerMillion.usd, 3) },
    { item: 'downstream sync per change (queue, consumer, state table, logs)', usd: round(M * m.changeShare * downstreamPerEventUsd, 3) },
  ];
  return {
    perMillionRequestsUsd: round(
      lines.reduce((a, l) => a + l.usd, 0),
      2,
    ),
    lines,
    assumptions: [
      `${Math.round(m.changeShare * 100)} % of requests change something (the sustained mix); the rest are lookups, reads and replays`,
      'billed duration = the mean local invocation time (warm execution environments on a loaded 2-core machine, under the sustained load)',
      'DynamoDB units counted per request kind, not measured; CloudWatch Logs and access logs not included',
      `prices: ${HTTP_API_REQUEST_PER_MILLION.source}; the rest as bench/scenarios/cost.ts`,
    ],
  };
}
