/**
 * The sync handler with one of its throttling behaviours changed, for the goodput ablations
 * only (BENCH_ABLATION):
 * - `eagerBreaker`: the throttle breaker opens as soon as half the recent attempts were
 *   throttled (`sustainMs` 0), as it did before it waited for sustained throttling;
 * - `noLimiter`: the Wickr client without smithy's `DefaultRateLimiter` in front of its attempts.
 * Everything else is the production wiring (createSyncHandler, the client's default
 * DeadlineRetryStrategy, dependencies from the environment).
 */
import { createWickrPort, WickrClient } from '../../src/adapters/wickr';
import { readConfig } from '../../src/handlers/config';
import { createSyncHandler } from '../../src/handlers/sync/createSyncHandler';
import { InvocationStats } from '../../src/handlers/sync/invocationStats';

const ablation = process.env.BENCH_ABLATION;
if (ablation !== 'eagerBreaker' && ablation !== 'noLimiter') throw new Error(`BENCH_ABLATION must be eagerBreaker or noLimiter, not ${ablation}`);
const config = readConfig();
const stats = new InvocationStats(ablation === 'eagerBreaker' ? { sustainMs: 0 } : {});
const client = new WickrClient({
  region: config.wickr.region,
  endpoint: config.wickr.endpoint,
  ...(ablation === 'noLimiter' && { rateLimiter: null }),
  onAttempt: (report) => stats.record(report),
});

/** The ablated handler. */
export const handler = createSyncHandler({ config, stats, wickrFor: (deadline) => createWickrPort(client, config.wickr.networkId, () => ({ deadline })) });
