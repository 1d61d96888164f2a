/**
 * Metric names emitted (as CloudWatch EMF through Powertools Metrics) in the namespace
 * `WickrIdpSync`, dimension `service`. The dashboard and alarms in serverless.yml use these.
 */
export const METRICS_NAMESPACE = 'WickrIdpSync';
export const SERVICE_NAME = 'wickr-idp-sync';

/** One count per record outcome. */
export const OutcomeMetric = {
  applied: 'Applied',
  created: 'Created',
  unchanged: 'Unchanged',
  duplicate: 'Duplicate',
  ignored: 'Ignored',
  notProvisioned: 'NotProvisioned',
  deadLettered: 'DeadLettered',
  retryLater: 'RetryLater',
  deleted: 'Deleted',
} as const;

/** Wickr client metrics. */
export const WickrMetric = {
  /** Retries made by the Wickr client inside an invocation (count). */
  retries: 'WickrRetries',
  /** 429 RateLimitError answers received (count). */
  throttles: 'WickrThrottles',
  /** Latency of each Wickr HTTP attempt (milliseconds; up to 100 samples per invocation). */
  latency: 'WickrLatency',
  /** UpdateUser / BatchToggleUserSuspendStatus / BatchCreateUser / BatchReinviteUser / BatchDeleteUser calls made (count). */
  writes: 'WickrWrites',
} as const;

/** Reconcile metrics, one value per finished run (stack/alarms.yml alarms on GuardTripped). */
export const ReconcileMetric = {
  /** Users who needed any change (count). */
  drifted: 'ReconcileDrifted',
  /** Suspensions planned (count). */
  suspensions: 'ReconcileSuspensions',
  /** Deletions planned (`deprovisioning.deleteAfterDays`) (count). */
  deletions: 'ReconcileDeletions',
  /** 1 when the mass-change guard stopped the run, else 0. */
  guardTripped: 'ReconcileGuardTripped',
  /** From the run's start to its end, across invocations (milliseconds). */
  durationMs: 'ReconcileDurationMs',
} as const;

/**
 * The `message` of the structured log lines others read (the local stack's report, the
 * benchmarks, saved Logs Insights queries): one per record, one per Wickr write.
 */
export const LogMessage = {
  /** One line per SQS record, with its outcome. */
  recordOutcome: 'record outcome',
  /** One audit line per Wickr write (`audit: true`). */
  wickrWrite: 'wickr write',
  /** A write a dry run did not send. */
  dryRunWrite: 'dry run: Wickr write not sent',
} as const;

/** Configuration metrics. */
export const ConfigMetric = {
  /** A new mapping was refused (bad JSON, invalid, another network); the last good one stays in use (count). */
  mappingRejected: 'MappingRejected',
} as const;
