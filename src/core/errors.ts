/**
 * The error vocabulary shared by core and adapters. Adapters classify failures at the edge
 * (HTTP status, SDK error names) into a {@link FailureKind}; core only reads `kind`.
 */

/** How a dependency failure should be treated. Decided by the adapter that saw it. */
export const FailureKind = {
  /** Rate limited (HTTP 429, Okta 429, SDK throttling): retry later with backoff. */
  Throttling: 'THROTTLING',
  /** 5xx, timeouts, connection resets: retry. */
  Transient: 'TRANSIENT',
  /** 401/403: our credentials or permissions are wrong: retry (and alarm), never poison. */
  Auth: 'AUTH',
  /** The request itself is invalid (400, 422): retrying cannot help; the message is poison. */
  Invalid: 'INVALID',
  /** The addressed resource does not exist (404). */
  NotFound: 'NOT_FOUND',
} as const;
export type FailureKind = (typeof FailureKind)[keyof typeof FailureKind];

/** The external systems the consumer depends on. */
export const Dependency = {
  Wickr: 'wickr',
  Directory: 'directory',
  Store: 'store',
  Queue: 'queue',
  Config: 'config',
} as const;
export type Dependency = (typeof Dependency)[keyof typeof Dependency];

/** A call to a dependency failed; `kind` says whether and how to retry. */
export class DependencyError extends Error {
  public override readonly name: string = 'DependencyError';
  public readonly dependency: Dependency;
  public readonly kind: FailureKind;
  /** True for THROTTLING and TRANSIENT (and AUTH, which is retried by SQS, not in-process). */
  public readonly retryable: boolean;
  public readonly throttling: boolean;
  /** Wire-level details for logs; core must not branch on them. */
  public readonly statusCode?: number;
  public readonly code?: string;
  public readonly requestId?: string;

  public constructor(
    message: string,
    details: {
      dependency: Dependency;
      kind: FailureKind;
      statusCode?: number;
      code?: string;
      requestId?: string;
      cause?: unknown;
    },
  ) {
    super(message, { cause: details.cause });
    this.dependency = details.dependency;
    this.kind = details.kind;
    this.retryable = details.kind === FailureKind.Throttling || details.kind === FailureKind.Transient;
    this.throttling = details.kind === FailureKind.Throttling;
    this.statusCode = details.statusCode;
    this.code = details.code;
    this.requestId = details.requestId;
  }
}

/**
 * Input that can never be processed: a body that is not JSON, a supported event with a
 * malformed field, a mapping that cannot apply. The message goes to the DLQ with `reason`.
 */
export class PoisonError extends Error {
  public override readonly name = 'PoisonError';
  /** A short classification for the DLQ attribute, e.g. `MalformedEvent`, `UnmappableUser`. */
  public readonly errorClass: string;
  /** The field at fault, as a dotted path (`detail.target[0].id`), when one is known. */
  public readonly field?: string;

  public constructor(errorClass: string, message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.errorClass = errorClass;
    this.field = options.field;
  }
}

/**
 * Work that did not fail but cannot run now: another invocation holds the user's lease, or the
 * invocation's time budget is spent. Settled as a deferral, which never reaches the DLQ.
 */
export class DeferralError extends Error {
  public override readonly name = 'DeferralError';
  /** `UserBusy` or `Deferred`: the outcome's `errorClass`. */
  public readonly errorClass: string;
  public constructor(errorClass: string, message: string) {
    super(message);
    this.errorClass = errorClass;
  }
}

/** Invalid configuration, raised once at cold start. */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';
  public readonly key: string;
  public constructor(key: string, message: string) {
    super(`${key}: ${message}`);
    this.key = key;
  }
}

/** Wraps any thrown value (including non-Errors) into an Error, keeping it as `cause`. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(`Non-Error thrown: ${safeString(value)}`, { cause: value });
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
