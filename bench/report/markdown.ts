/** bench/results/latest.md: the figures of latest.json as tables. */
import type { BenchResults, Goal } from './results';

const table = (headers: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string =>
  [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map((c) => (c === null || c === undefined ? '–' : String(c))).join(' | ')} |`)].join('\n');

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

function goodput(r: BenchResults): string[] {
  const g = r.goodput;
  if (!g) return [];
  return [
    '## 1. Goodput under the Wickr rate limit',
    '',
    ...goodputSection(g),
    '![Applied writes per second](goodput.svg)',
    '',
    ...(r.goodputOverload ? ['### Overload: the same callers against a quarter of the limit', '', ...goodputSection(r.goodputOverload)] : []),
  ];
}

function goodputSection(g: NonNullable<BenchResults['goodput']>): string[] {
  const modes = Object.entries(g.byMode);
  const label: Record<string, string> = {
    deadline: 'ours (DeadlineRetryStrategy)',
    standard: 'smithy StandardRetryStrategy(3)',
    adaptive: 'smithy AdaptiveRetryStrategy(3)',
    deadlineEagerBreaker: 'diagnosis: ours with the breaker opening at once (before)',
    deadlineNoLimiter: 'diagnosis: ours without the rate limiter',
  };
  return [
    `R = ${g.rateLimit.requestsPerSecond} requests/s over every Wickr call (burst ${g.rateLimit.burst}); a backlog of ${g.events} membership changes, each a user's first event (one ListUsers, one UpdateUser); ` +
      `median of ${g.runsPerMode} run(s) per mode, modes interleaved. Goodput counts calls answered 2xx between the first Wickr call and the last write.`,
    '',
    table(
      [
        'retry mode',
        'calls/s ÷ R (drain)',
        'calls/s ÷ R (10–90 %)',
        'writes/s',
        'writes/s ÷ R',
        '429s',
        'returned to SQS',
        'dead-lettered',
        'users applied',
        'drain s',
        'invocations',
        'median invocation ms',
      ],
      modes.map(([mode, m]) => [
        label[mode] ?? mode,
        m.callGoodputRatio,
        m.steadyCallGoodputRatio,
        m.writesPerSecond,
        m.writeGoodputRatio,
        m.throttled,
        m.returnedToQueue,
        m.deadLettered,
        `${m.usersApplied}/${m.events}`,
        m.drainSeconds,
        m.invocations,
        m.medianDurationMs,
      ]),
    ),
    '',
    `Why records went back to SQS (median run): ${modes
      .map(
        ([mode, m]) =>
          `${mode}: ${
            Object.entries(m.returnedBy)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'none'
          }`,
      )
      .join('; ')}.`,
    '',
  ];
}

function calls(r: BenchResults): string[] {
  const c = r.callsPerEvent;
  if (!c) return [];
  const rows = [...Object.entries(c.byKind), ['realistic mix', c.mix] as const].map(([kind, k]) => [
    kind,
    k.events,
    k.wickrReads,
    k.wickrWrites,
    Object.entries(k.wickrByOperation)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ') || 'none',
    k.oktaCalls,
    k.dynamodbReads,
    k.dynamodbWrites,
    k.dynamodbConsistentReads,
    k.dynamodbWriteUnits,
    k.sqsRequests,
  ]);
  return [
    '## 2. Wickr calls per event',
    '',
    'Counted by the Wickr and Okta emulators and by a middleware on the handler’s AWS clients; per event. "Linked": the consumer has synced the user before, so it reads the user by id.',
    '',
    table(
      ['event kind', 'events', 'Wickr reads', 'Wickr writes', 'by operation', 'Okta calls', 'DynamoDB reads', 'DynamoDB writes', 'DynamoDB strongly consistent RRU', 'DynamoDB WRU', 'SQS requests'],
      rows,
    ),
    '',
    `Mix: ${Object.entries(c.mix.composition)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}.`,
    '',
  ];
}

function overhead(r: BenchResults): string[] {
  const o = r.overhead;
  if (!o) return [];
  return [
    '## 3. Consumer overhead',
    '',
    `CPU time in the bundled handler per membership-change record (Okta re-read, lease and idempotency items in DynamoDB, one GetUser and one UpdateUser, logs and metrics) against a floor measured right after in the same process: a bare loop making the same ${o.wickrCallsPerRecord} SigV4-signed calls per record to the Wickr emulator. Median of ${o.rounds} rounds of ${o.recordsPerRound} records.`,
    '',
    table(['handler CPU ms/record', 'floor CPU ms/record', 'ratio', 'handler wall ms/batch of 10'], [[o.handlerCpuMsPerRecord, o.floorCpuMsPerRecord, o.ratio, o.handlerWallMsPerBatch]]),
    '',
    ...recordFloor(o),
  ];
}

function recordFloor(o: NonNullable<BenchResults['overhead']>): string[] {
  const c = o.callsPerRecord;
  if (o.recordFloorCpuMsPerRecord === undefined || !c) return [];
  const by = (m: Record<string, number>): string =>
    Object.entries(m)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  return [
    `The record floor (issue #14) makes every network call the handler made for the same records, bare, right after the Wickr-only floor in each round: the Wickr calls as above; the Okta GETs over keep-alive \`node:http\` with the SSWS header (${by(c.oktaByRoute)} per record); and one SigV4-signed awsJson request per DynamoDB command the handler's client sent (${by(c.dynamodbByCommand)} per record), no SDK. The counts come from this run's emulators and AWS middleware, so the floor follows the consumer. DynamoDB is moto behind a keep-alive proxy (moto closes every connection; AWS does not), for the handler and the floor alike.`,
    '',
    table(
      ['handler CPU ms/record', 'Wickr-only floor ms/record', '× Wickr-only', 'record floor ms/record', '× record floor (goal ≤ 4)', 'calls/record: Wickr', 'Okta', 'DynamoDB', 'SQS'],
      [[o.handlerCpuMsPerRecord, o.floorCpuMsPerRecord, o.ratio, o.recordFloorCpuMsPerRecord, o.recordFloorRatio, c.wickr, c.okta, c.dynamodb, c.sqs]],
    ),
    '',
    ...(o.recordFloorUnmodelled && Object.keys(o.recordFloorUnmodelled).length
      ? [`DynamoDB calls the floor could not shape and skipped, per round: ${JSON.stringify(o.recordFloorUnmodelled)}.`, '']
      : []),
  ];
}

function coldStart(r: BenchResults): string[] {
  const c = r.coldStart;
  if (!c) return [];
  return [
    '## 4. Cold start',
    '',
    `\`${c.packageCommand}\`: zip ${mb(c.zipBytes)}; handler bundle ${mb(c.handlerJsBytes)} (+ source map ${mb(c.sourceMapBytes)}); empty handler ${c.emptyHandlerJsBytes} bytes. Load time in a fresh Node ${r.machine.node} process, median of ${c.runs}:`,
    '',
    table(
      ['module', 'require ms', 'process start → loaded ms (wall, incl. Node start-up)', 'RSS after load MB'],
      [
        ['handler, --enable-source-maps (as deployed)', c.handler.requireMs, c.handler.processMs, c.handler.rssMb],
        ['handler, no source maps', c.handlerWithoutSourceMaps.requireMs, c.handlerWithoutSourceMaps.processMs, c.handlerWithoutSourceMaps.rssMb],
        ['empty handler, bundled the same way', c.emptyHandler.requireMs, c.emptyHandler.processMs, c.emptyHandler.rssMb],
      ],
    ),
    '',
    `The handler adds ${c.addedRequireMs} ms of module loading over an empty one. Largest packages in the bundle: ${c.bundleComposition.map((p) => `${p.name} ${(p.bytes / 1024).toFixed(0)} KiB`).join(', ')}.`,
    '',
    ...coldStartGoals(c),
  ];
}

function coldStartGoals(c: NonNullable<BenchResults['coldStart']>): string[] {
  if (!c.goal || !c.composition) return [];
  const kib = (bytes: number): string => (bytes / 1024).toFixed(0);
  return [
    table(
      ['against issue #14', 'measured', 'goal', 'gap (+ over, − to spare)'],
      [
        [
          'module load over the empty handler (source maps on)',
          `${c.addedRequireMs} ms (×${c.requireRatio} the empty handler)`,
          `≤ ${c.goal.maxAddedRequireMs} ms`,
          `${c.goal.addedRequireMsOverGoal > 0 ? '+' : ''}${c.goal.addedRequireMsOverGoal} ms`,
        ],
        ['module load over the empty handler, no source maps', `${c.addedRequireMsWithoutSourceMaps} ms`, `≤ ${c.goal.maxAddedRequireMs} ms`, '–'],
        [
          'bundle, minified, no source map',
          `${kib(c.handlerJsBytes)} KiB (gzip ${kib(c.handlerJsGzipBytes ?? 0)} KiB, zip ${kib(c.zipBytes)} KiB)`,
          `≤ ${kib(c.goal.maxHandlerJsBytes)} KiB`,
          `${c.goal.handlerJsBytesOverGoal > 0 ? '+' : ''}${kib(c.goal.handlerJsBytesOverGoal)} KiB`,
        ],
      ],
    ),
    '',
    `What the ${kib(c.composition.totalBytes)} KiB bundle is made of (esbuild metafile, production options; top ${c.composition.parts.length}):`,
    '',
    table(
      ['package', 'KiB', 'share', 'imported by'],
      c.composition.parts.map((p) => [p.name, kib(p.bytes), `${(p.share * 100).toFixed(1)} %`, p.importedBy.join(', ') || '–']),
    ),
    '',
  ];
}

function scale(r: BenchResults): string[] {
  const s = r.scale;
  if (!s) return [];
  return [
    '## 5. Scale',
    '',
    'No rate limit; five events per user, round robin (each user’s first event changes their group, the others change nothing). CPU includes the five execution environments’ cold starts; billed time is the sum of invocation durations and includes moto’s latency (pessimistic).',
    '',
    table(
      [
        'events',
        'users',
        'drain s',
        'events/s',
        'Wickr calls/event',
        'writes/event',
        'handler CPU ms/event',
        'billed ms/event',
        'records/invocation',
        'ESM SQS requests/event',
        'log bytes/event',
        'peak RSS MB',
        'returned',
        'dead-lettered',
      ],
      s.points.map((p) => [
        p.events,
        p.users,
        p.drainSeconds,
        p.eventsPerSecond,
        p.wickrCallsPerEvent,
        p.wickrWritesPerEvent,
        p.handlerCpuMsPerEvent,
        p.billedMsPerEvent,
        p.recordsPerInvocation,
        p.esmSqsRequestsPerEvent,
        p.logBytesPerEvent,
        p.peakRssMb,
        p.returnedToQueue,
        p.deadLettered,
      ]),
    ),
    '',
    ...s.skipped.map((k) => `Not run in this mode: ${k.events} events for ${k.users} users — ${k.reason}.`),
    '',
  ];
}

function latency(r: BenchResults): string[] {
  const l = r.latency;
  if (!l) return [];
  const b = l.breakdown;
  return [
    '## 6. Latency',
    '',
    `Publication (before PutEvents) → write applied in the Wickr emulator, at ${l.eventsPerSecond} events/s, ${l.events} events measured after ${l.warmupEvents} warm-up events; batching window ${l.batchingWindowSeconds} s; median of ${l.runs.length} run(s).`,
    '',
    table(['p50 ms', 'p90 ms', 'p99 ms', 'max ms'], [[l.p50Ms, l.p90Ms, l.p99Ms, l.maxMs]]),
    '',
    table(
      ['segment', 'p50 ms', 'p99 ms'],
      [
        ['EventBridge → SQS (SentTimestamp)', b.eventBridgeToQueue.p50Ms, b.eventBridgeToQueue.p99Ms],
        ['in the queue and the batching window', b.queueAndBatching.p50Ms, b.queueAndBatching.p99Ms],
        ['invocation start → write seen', b.invocationToApplied.p50Ms, b.invocationToApplied.p99Ms],
      ],
    ),
    '',
  ];
}

function cost(r: BenchResults): string[] {
  const c = r.cost;
  if (!c) return [];
  const b = r.before?.cost;
  const beforeUsd = new Map(b?.steadyLines.map((l) => [l.item, l.usd]) ?? []);
  const block = (title: string, e: NonNullable<BenchResults['cost']>['steady'], before?: { total?: number; lines?: Map<string, number> }): string[] => [
    `**${title}**: $${e.totalUsd} per million IdP events${before?.total === undefined ? '' : ` (before: $${before.total})`}.`,
    '',
    before?.lines
      ? table(
          ['item', 'quantity per million events', 'unit', 'USD before', 'USD after'],
          e.lines.map((l) => [l.item, l.quantityPerMillionEvents, l.unit, before.lines?.get(l.item)?.toFixed(3), l.usd.toFixed(3)]),
        )
      : table(
          ['item', 'quantity per million events', 'unit', 'USD'],
          e.lines.map((l) => [l.item, l.quantityPerMillionEvents, l.unit, l.usd.toFixed(3)]),
        ),
    '',
  ];
  return [
    '## 7. Cost per million IdP events (on paper)',
    '',
    `us-east-1 list prices as of ${c.steady.pricesAsOf}: ${Object.values(c.steady.prices)
      .map((p) => `$${p.usd} — ${p.source}`)
      .join('; ')}.`,
    '',
    ...block('Steady state (largest scale run, realistic mix)', c.steady, b && { total: b.steadyUsd, lines: beforeUsd }),
    ...(c.throttledBacklog ? block('Draining a throttled backlog (goodput run, ours)', c.throttledBacklog, b && { total: b.throttledBacklogUsd }) : []),
  ];
}

const metText = (g: Goal | undefined): string => (!g ? '–' : g.met === null ? 'not measured' : g.met ? 'yes' : '**no**');

/** Every goal, this run's figure beside the committed run's ("before") when there is one. */
function goalsTable(r: BenchResults): string[] {
  const b = r.before;
  if (!b)
    return [
      table(
        ['goal', 'measured', 'met', 'gap'],
        r.goals.map((g) => [g.goal, g.measured, metText(g), g.gap]),
      ),
    ];
  const before = new Map(b.goals.map((g) => [g.id, g]));
  return [
    `Before: the committed \`bench/results/latest.json\` (\`${b.command}\` on ${b.date.slice(0, 10)}, commit ${b.gitCommit ?? 'unknown'}), evaluated with today's goals. After: this run.`,
    '',
    table(
      ['goal', 'before', 'met before', 'after', 'met after', 'gap after'],
      r.goals.map((g) => [g.goal, before.get(g.id)?.measured, metText(before.get(g.id)), g.measured, metText(g), g.gap]),
    ),
  ];
}

/** Renders the whole report. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    '# Benchmark results',
    '',
    `\`${r.command}\` (${r.mode}) on ${m.date.slice(0, 10)}, commit ${m.gitCommit ?? 'unknown'}, ${Math.round(r.durationSeconds)} s. ` +
      `Machine: ${m.cpuCount} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}, moto ${m.motoVersion ?? '?'}, load average ${m.loadAverage1m} at the start. ` +
      'Figures from one machine are comparable with each other, not with another machine.',
    '',
    '## Goals',
    '',
    ...goalsTable(r),
    '',
    ...goodput(r),
    ...calls(r),
    ...overhead(r),
    ...coldStart(r),
    ...scale(r),
    ...latency(r),
    ...cost(r),
    ...(r.failures.length ? ['## Failures', '', ...r.failures.map((f) => `- ${f.scenario}: ${f.error}`), ''] : []),
  ];
  return `${lines.join('\n')}\n`;
}
