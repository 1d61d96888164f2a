import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DirectoryMetric, LogMessage, OutcomeMetric, WickrMetric } from '../../core/metrics';
import type { Logger as CoreLogger, DirectoryPort } from '../../core/ports';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import { processBatch } from '../../core/sync/processBatch';
import type { RecordResult } from '../../core/sync/records';
import { retryIds } from '../../core/sync/records';
import type { IdpSource, MappingConfig } from '../../core/types';
import type { Config } from '../config';
import { readConfig } from '../config';
// Packaging refuses a function timeout too short for this reserve (stack/settings.js).
import LIMITS from '../../../stack/limits.json';
import type { SyncHandlerDependencies } from './dependencies';
import { buildDependencies } from './dependencies';
import { watchDirectories } from './watchDirectories';

/** Time kept in reserve at the end of an invocation (ms): responses and metrics must still go out. */
const RESERVE_MS = LIMITS.handlerReserveSeconds * 1000;

/**
 * Builds the SQS consumer. Configuration is read and validated here, once (cold start); the
 * directories are built on the first invocation and kept; the mapping is asked for on every one.
 */
export function createSyncHandler(overrides: Partial<SyncHandlerDependencies> & { config?: Config } = {}) {
  const config = overrides.config ?? readConfig();
  const deps = buildDependencies(config, overrides);
  let directoriesReady: Promise<Partial<Record<IdpSource, DirectoryPort>>> | undefined;
  const init = async (): Promise<{ mapping: MappingConfig; directories: Partial<Record<IdpSource, DirectoryPort>> }> => {
    directoriesReady ??= deps.loadDirectories().then((loaded) => watchDirectories(loaded, () => (deps.stats.idpAuthFailures += 1)));
    // A failed init is retried on the next invocation rather than cached.
    directoriesReady.catch(() => (directoriesReady = undefined));
    // The mapping is asked for on every invocation: its source caches it for CONFIG_MAX_AGE_SECONDS.
    const [mapping, directories] = await Promise.all([deps.loadMapping(), directoriesReady]);
    return { mapping, directories };
  };

  const coreLogger = asCoreLogger(deps.logger);
  const run = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const { mapping, directories } = await init();
    const now = deps.clock.now();
    const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 60_000;
    const end = now + remaining - RESERVE_MS;
    deps.stats.reset();

    const results = await processBatch(
      event.Records.map((r) => ({ messageId: r.messageId, body: r.body, receiptHandle: r.receiptHandle, receiveCount: Number(r.attributes?.ApproximateReceiveCount ?? '1') })),
      {
        mapping,
        directories,
        wickr: deps.wickrFor(end),
        // Used only as the mapping's `provisioning` allows (createUsers, reinviteExpired).
        provisioning: deps.provisioningFor(end),
        store: deps.store,
        queue: deps.queue,
        dryRun: config.dryRun,
        genericEnabled: config.genericEnabled,
        logger: coreLogger,
        concurrency: config.concurrency,
        owner: context.awsRequestId ?? `local-${now}`,
        leaseMs: remaining + 5_000,
        // Start no new user in the last third of the budget: retries of started ones need it.
        startDeadline: now + Math.max(0, (remaining - RESERVE_MS) * 0.66),
        shouldPause: () => deps.stats.shouldPause(),
        maxReceiveCount: config.maxReceiveCount,
        clock: deps.clock,
        random: deps.random,
      },
    );
    report(results, deps);

    // The partial batch response straight from the results. A batch of nothing but retries
    // lists every id: a valid answer, not an error (Powertools' FullBatchFailureError would count
    // as a Lambda error and fire the alarm meant for crashes, timeouts and failed inits).
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
    return { batchItemFailures: retryIds(results).map((itemIdentifier) => ({ itemIdentifier })) };
  };

  return middy(run)
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}

/** Powertools' Logger typed as core's port (its attribute type is narrower than `unknown`). */
function asCoreLogger(logger: SyncHandlerDependencies['logger']): CoreLogger {
  return {
    debug: (message, extra) => logger.debug(message, (extra ?? {}) as LogAttributes),
    info: (message, extra) => logger.info(message, (extra ?? {}) as LogAttributes),
    warn: (message, extra) => logger.warn(message, (extra ?? {}) as LogAttributes),
    error: (message, extra) => logger.error(message, (extra ?? {}) as LogAttributes),
  };
}

/** One log line and one metric per record; Wickr call metrics from the invocation's stats. */
function report(results: readonly RecordResult[], deps: SyncHandlerDependencies): void {
  for (const result of results) {
    deps.logger.info(LogMessage.recordOutcome, { ...result, correlation_id: result.eventId } as LogAttributes);
    deps.metrics.addMetric(OutcomeMetric[result.outcome], MetricUnit.Count, 1);
  }
  const { stats, metrics } = deps;
  if (stats.retries) metrics.addMetric(WickrMetric.retries, MetricUnit.Count, stats.retries);
  if (stats.throttles) metrics.addMetric(WickrMetric.throttles, MetricUnit.Count, stats.throttles);
  if (stats.writes) metrics.addMetric(WickrMetric.writes, MetricUnit.Count, stats.writes);
  if (stats.idpAuthFailures) metrics.addMetric(DirectoryMetric.authFailed, MetricUnit.Count, stats.idpAuthFailures);
  for (const ms of stats.latencies.slice(0, 100)) metrics.addMetric(WickrMetric.latency, MetricUnit.Milliseconds, ms);
}
