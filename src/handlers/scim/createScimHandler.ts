import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { LogAttributes } from '@aws-lambda-powertools/logger/types';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger as CoreLogger } from '../../core/ports';
import { ScimMetric } from '../../core/scim/constants';
import { ScimError } from '../../core/scim/errors';
import { type DrainResult, drainOutbox } from '../../core/scim/outbox';
import type { ScimDeps } from '../../core/scim/ports';
import { errorResponse, handleScimRequest } from '../../core/scim/router';
import { TokenBucket } from '../../core/scim/throttle';
import { TokenVerifier } from '../../core/scim/tokens';
import { type ScimConfig, readScimConfig } from './config';
import { buildScimDependencies, type ScimHandlerDependencies } from './dependencies';
import { isHttpEvent, routeName, toHttpResult, toScimRequest } from './httpEvent';

/** Outbox entries published by a scheduled drain; the schedule comes back for the rest. */
export const SCHEDULED_DRAIN_LIMIT = 500;
/** Published alongside requests, at most every {@link OPPORTUNISTIC_DRAIN_EVERY_MS} per environment. */
export const OPPORTUNISTIC_DRAIN_LIMIT = 5;
export const OPPORTUNISTIC_DRAIN_EVERY_MS = 10_000;
/** An entry younger than this belongs to a request still publishing it. */
export const DRAIN_MIN_AGE_MS = 30_000;

/**
 * Builds the SCIM function. An HTTP API event is a SCIM request; any other event (the stack's
 * schedule) drains the outbox. Configuration is read here, once; token hashes and the throttle
 * live as long as the execution environment.
 */
export function createScimHandler(overrides: Partial<ScimHandlerDependencies> & { config?: ScimConfig } = {}) {
  const config = overrides.config ?? readScimConfig();
  const deps = buildScimDependencies(config, overrides);
  const logger = asCoreLogger(deps.logger);
  const core: ScimDeps = { store: deps.store, publisher: deps.publisher, clock: deps.clock, newId: deps.newId, random: deps.random, sleep: deps.sleep, logger };
  const verifier = new TokenVerifier({ store: deps.tokens, now: () => deps.clock.now(), cacheMs: config.tokenCacheSeconds * 1000 });
  const throttle = new TokenBucket({ ratePerSecond: config.ratePerSecond, burst: config.burst, now: () => deps.clock.now() });
  let lastDrain = 0;

  const drain = async (limit: number): Promise<DrainResult> => {
    const result = await drainOutbox(core, { limit, minAgeMs: DRAIN_MIN_AGE_MS });
    if (result.published > 0) deps.metrics.addMetric(ScimMetric.outboxPublished, MetricUnit.Count, result.published);
    return result;
  };

  const run = async (event: unknown): Promise<APIGatewayProxyStructuredResultV2 | DrainResult> => {
    if (!isHttpEvent(event)) return drain(SCHEDULED_DRAIN_LIMIT);
    const started = deps.clock.now();
    const request = toScimRequest(event);
    const response = request ? await handleScimRequest({ ...core, verifier, throttle }, request) : errorResponse(new ScimError(404, 'no such endpoint'));
    const status = response.status;
    deps.metrics.addMetric(ScimMetric.requests, MetricUnit.Count, 1);
    deps.metrics.addMetric(ScimMetric.latency, MetricUnit.Milliseconds, deps.clock.now() - started);
    const counter = status === 401 ? ScimMetric.unauthorized : status === 429 ? ScimMetric.throttled : status >= 500 ? ScimMetric.serverErrors : status >= 400 ? ScimMetric.clientErrors : undefined;
    if (counter) deps.metrics.addMetric(counter, MetricUnit.Count, 1);
    // The route and status only: never the query (a filter holds a userName) nor the body.
    deps.logger.info('ScimRequest', { route: request ? routeName(request) : 'unknown', status, ms: deps.clock.now() - started });
    if (status < 400 && deps.clock.now() - lastDrain >= OPPORTUNISTIC_DRAIN_EVERY_MS) {
      lastDrain = deps.clock.now();
      await drain(OPPORTUNISTIC_DRAIN_LIMIT).catch((error: unknown) => deps.logger.warn('ScimOutboxDrainFailed', { reason: error instanceof Error ? error.name : 'unknown' }));
    }
    return toHttpResult(response);
  };

  return middy(run)
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}

/** Powertools' Logger typed as core's port. */
function asCoreLogger(logger: ScimHandlerDependencies['logger']): CoreLogger {
  return {
    debug: (message, extra) => logger.debug(message, (extra ?? {}) as LogAttributes),
    info: (message, extra) => logger.info(message, (extra ?? {}) as LogAttributes),
    warn: (message, extra) => logger.warn(message, (extra ?? {}) as LogAttributes),
    error: (message, extra) => logger.error(message, (extra ?? {}) as LogAttributes),
  };
}
