/**
 * Metric names emitted (as CloudWatch EMF through Powertools Metrics) in the namespace
 * `WickrIdpSync`, dimension `service`. The dashboard and alarms in serverless.yml use these.
 */
export const METRICS_NAMESPACE = 'WickrIdpSync';
export const SERVICE_NAME = 'wickr-idp-sync';

/** One count per record outcome. */
export const OutcomeMetric = {
  applied: 'Applied',
  unchanged: 'Unchanged',
  duplicate: 'Duplicate',
  ignored: 'Ignored',
  notProvisioned: 'NotProvisioned',
  deadLettered: 'DeadLettered',
  retryLater: 'RetryLater',
} as const;

/** Wickr client metrics. */
export const WickrMetric = {
  /** Retries made by the Wickr client inside an invocation (count). */
  retries: 'WickrRetries',
  /** 429 RateLimitError answers received (count). */
  throttles: 'WickrThrottles',
  /** Latency of each Wickr HTTP attempt (milliseconds; up to 100 samples per invocation). */
  latency: 'WickrLatency',
  /** UpdateUser / BatchToggleUserSuspendStatus calls made (count). */
  writes: 'WickrWrites',
} as const;

/** Configuration metrics. */
export const ConfigMetric = {
  /** A new mapping was refused (bad JSON, invalid, another network); the last good one stays in use (count). */
  mappingRejected: 'MappingRejected',
} as const;
