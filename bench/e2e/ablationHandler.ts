/**
 * The sync handler with one of its throttling behaviours switched off, for the goodput
 * ablations only (BENCH_ABLATION): `noBreaker` never pauses new users while Wickr throttles
 * (InvocationStats' breaker threshold above 1); `noBreakerNoRetryAfterFloor` also caps the
 * Retry-After floor of DeadlineRetryStrategy at 0, leaving its jittered backoff. Everything else
 * is the production wiring (createSyncHandler and its dependencies from the environment).
 */
import { createWickrPort, DeadlineRetryStrategy, WickrClient } from '../../src/adapters/wickr';
import { readConfig } from '../../src/handlers/config';
import { createSyncHandler } from '../../src/handlers/sync/createSyncHandler';
import { InvocationStats } from '../../src/handlers/sync/invocationStats';

const ablation = process.env.BENCH_ABLATION ?? 'noBreaker';
const config = readConfig();
// A threshold above 1 can never be reached: the breaker stays closed.
const stats = new InvocationStats({ threshold: 2 });
const client = new WickrClient({
  region: config.wickr.region,
  endpoint: config.wickr.endpoint,
  retryStrategy: new DeadlineRetryStrategy(ablation === 'noBreakerNoRetryAfterFloor' ? { maxRetryAfterMs: 0 } : {}),
  onAttempt: (report) => stats.record(report),
});

/** The ablated handler. */
export const handler = createSyncHandler({ config, stats, wickrFor: (deadline) => createWickrPort(client, config.wickr.networkId, () => ({ deadline })) });
