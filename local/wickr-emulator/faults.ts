import { frontEndError, modeledError, type EmulatorResponse } from './errors';
import type { WickrFaults } from './types';

/** What happens to one request: its socket is destroyed, or it waits `latencyMs` and maybe answers an injected error. */
export type FaultDecision = { kind: 'reset' } | { kind: 'proceed'; latencyMs: number; errorStatus?: number };

/**
 * Rolls the faults for one request. Draws from `random` in a fixed order, and only for the faults configured,
 * so a test can script the sequence: reset (if `resetRate` > 0), latency (if max > min), error (if any error rate > 0).
 * The error draw walks the statuses in ascending order over cumulative probabilities.
 */
export function decideFault(faults: WickrFaults | undefined, random: () => number): FaultDecision {
  if (!faults) return { kind: 'proceed', latencyMs: 0 };
  if (faults.resetRate && random() < faults.resetRate) return { kind: 'reset' };
  const { min = 0, max = 0 } = faults.latencyMs ?? {};
  const latencyMs = max > min ? min + random() * (max - min) : min;
  const rates = Object.entries(faults.errorRate ?? {})
    .filter(([, p]) => (p ?? 0) > 0)
    .sort(([a], [b]) => Number(a) - Number(b));
  if (!rates.length) return { kind: 'proceed', latencyMs };
  const roll = random();
  let cumulative = 0;
  for (const [status, p] of rates) {
    cumulative += p ?? 0;
    if (roll < cumulative) return { kind: 'proceed', latencyMs, errorStatus: Number(status) };
  }
  return { kind: 'proceed', latencyMs };
}

/** The response for an injected status: the model's InternalServerError for 500, the front door's errors otherwise. */
export function injectedErrorResponse(status: number): EmulatorResponse {
  switch (status) {
    case 502:
      return frontEndError('BadGatewayException', 'Bad Gateway');
    case 503:
      return frontEndError('ServiceUnavailableException', 'Service Unavailable');
    case 504:
      return frontEndError('GatewayTimeoutException', 'Gateway Timeout');
    default:
      return modeledError('InternalServerError', 'An internal error occurred. Try again later.');
  }
}
