/**
 * Sends one logical call: sign each attempt afresh, send it with a per-attempt timeout, classify
 * failures, and retry what the retry strategy allows, never past the call's deadline.
 */
import { HttpRequest } from '@smithy/protocol-http';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest as SignedRequest, RetryStrategyV2, RetryToken } from '@smithy/types';
import type { RateLimiter } from '@smithy/util-retry';
import { FailureKind } from '../../core/errors';
import type { Sleep } from '../../core/ports';
import { errorFromResponse, errorFromTransport } from './classifyError';
import type { TransportRequest, WickrTransport } from './httpTransport';
import { percentEncode, type OperationRequest } from './operations';
import { WickrApiError, WickrErrorCode } from './WickrApiError';

/** Per-call options: both end the call, retries included. */
export type CallOptions = {
  signal?: AbortSignal;
  /** Epoch milliseconds. */
  deadline?: number;
};

/** What `onAttempt` receives after every attempt (no user data: safe for metrics and logs). */
export type AttemptInfo = {
  operation: string;
  /** 1 for the first attempt. */
  attempt: number;
  statusCode?: number;
  code?: string;
  throttled: boolean;
  durationMs: number;
  willRetry: boolean;
};

/** Everything the sender needs, resolved by WickrClient. */
export type RequestSenderDeps = {
  baseUrl: URL;
  signer: Pick<SignatureV4, 'sign'>;
  transport: WickrTransport;
  retryStrategy: RetryStrategyV2;
  attemptTimeoutMs: number;
  callTimeoutMs: number;
  sleep: Sleep;
  now: () => number;
  onAttempt?: (info: AttemptInfo) => void;
  /** Paces every attempt (first and retries) of every call of the client; none by default. */
  rateLimiter?: RateLimiter;
};

/** Signs, sends and retries operation requests. */
export class RequestSender {
  public constructor(private readonly deps: RequestSenderDeps) {}

  /** Sends `request` and returns its parsed JSON body; throws WickrApiError. */
  public async send<T>(request: OperationRequest, options: CallOptions = {}): Promise<T> {
    const { now, retryStrategy } = this.deps;
    const deadline = options.deadline ?? now() + this.deps.callTimeoutMs;
    const call = new CallScope(options.signal, deadline, now);
    try {
      let token: RetryToken = await call.race(retryStrategy.acquireInitialRetryToken('wickr'), request.operation);
      for (let attempt = 1; ; attempt += 1) {
        if (this.deps.rateLimiter) await call.race(this.deps.rateLimiter.getSendToken(), request.operation);
        const started = now();
        const result = await this.attempt<T>(request, call);
        const durationMs = now() - started;
        this.deps.rateLimiter?.updateClientSendingRate(result.ok || !result.error.throttling ? {} : { errorType: 'THROTTLING' });
        if (result.ok) {
          retryStrategy.recordSuccess(token);
          this.report({ operation: request.operation, attempt, statusCode: result.statusCode, throttled: false, durationMs, willRetry: false });
          return result.value;
        }
        const error = result.error;
        const report = (willRetry: boolean): void =>
          this.report({ operation: request.operation, attempt, statusCode: error.statusCode, code: error.code, throttled: error.throttling, durationMs, willRetry });
        // Every operation this client calls is idempotent, read-only, or carries an X-Client-Token that is the same on
        // every attempt (BatchCreateUser, BatchReinviteUser: "a retry with the same token returns the same response
        // without creating duplicate users"), so retrying after a reset is safe.
        if (!error.retryable) {
          report(false);
          throw error;
        }
        if (call.ended()) {
          report(false);
          throw call.endedError(request.operation, error);
        }
        let next: RetryToken;
        try {
          const retryAfterHint = error.retryAfterMs === undefined ? undefined : new Date(now() + error.retryAfterMs);
          const errorType = error.throttling ? 'THROTTLING' : 'TRANSIENT';
          next = await call.race(retryStrategy.refreshRetryTokenForRetry(token, { errorType, retryAfterHint }), request.operation);
        } catch (refusal) {
          report(false);
          throw refusal instanceof WickrApiError ? refusal : error;
        }
        const delay = next.getRetryDelay();
        if (now() + delay >= deadline) {
          report(false);
          throw call.endedError(request.operation, error);
        }
        report(true);
        token = next;
        if (delay > 0) await call.race(this.deps.sleep(delay, call.signal), request.operation, error);
      }
    } finally {
      call.dispose();
    }
  }

  private async attempt<T>(request: OperationRequest, call: CallScope): Promise<{ ok: true; value: T; statusCode: number } | { ok: false; error: WickrApiError }> {
    const { now, attemptTimeoutMs, transport } = this.deps;
    const remaining = call.deadline - now();
    if (remaining <= 0 || call.signal.aborted) return { ok: false, error: call.endedError(request.operation) };
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), Math.min(attemptTimeoutMs, remaining));
    try {
      const signed = await this.sign(request);
      const response = await transport.send(signed, AbortSignal.any([call.signal, timeout.signal]));
      if (response.statusCode < 200 || response.statusCode >= 300) {
        return { ok: false, error: errorFromResponse(request.operation, response, now()) };
      }
      return { ok: true, value: parseBody<T>(request.operation, response.body), statusCode: response.statusCode };
    } catch (error) {
      if (error instanceof WickrApiError) return { ok: false, error };
      if (call.signal.aborted) return { ok: false, error: call.endedError(request.operation, error) };
      if (timeout.signal.aborted) {
        const message = `${request.operation}: attempt timed out after ${Math.min(attemptTimeoutMs, remaining)} ms`;
        return { ok: false, error: new WickrApiError(message, { kind: FailureKind.Transient, code: WickrErrorCode.Timeout, operation: request.operation, cause: error }) };
      }
      return { ok: false, error: errorFromTransport(request.operation, error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Signs with a fresh date on every attempt (SigV4 signatures expire after 5 minutes). */
  private async sign(request: OperationRequest): Promise<TransportRequest> {
    const { baseUrl } = this.deps;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const basePath = baseUrl.pathname.replace(/\/$/, '');
    const headers: Record<string, string> = { host: baseUrl.host, accept: 'application/json', ...request.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const unsigned = new HttpRequest({
      method: request.method,
      protocol: baseUrl.protocol,
      hostname: baseUrl.hostname,
      port: baseUrl.port ? Number(baseUrl.port) : undefined,
      path: `${basePath}${request.path}`,
      query: { ...request.query },
      headers,
      body,
    });
    let signed: SignedRequest;
    try {
      signed = await this.deps.signer.sign(unsigned, { signingDate: new Date(this.deps.now()) });
    } catch (error) {
      throw new WickrApiError(`${request.operation}: could not sign the request (credentials unavailable)`, {
        kind: FailureKind.Auth,
        code: WickrErrorCode.Credentials,
        operation: request.operation,
        cause: error,
      });
    }
    const queryString = Object.entries(request.query)
      .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
      .join('&');
    return {
      method: signed.method,
      protocol: signed.protocol,
      hostname: signed.hostname,
      port: signed.port,
      path: queryString ? `${signed.path}?${queryString}` : signed.path,
      headers: signed.headers,
      body,
    };
  }

  private report(info: AttemptInfo): void {
    try {
      this.deps.onAttempt?.(info);
    } catch {
      // A metrics hook must never fail the call.
    }
  }
}

function parseBody<T>(operation: string, text: string): T {
  if (text.trim() === '') return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new WickrApiError(`${operation}: the response body is not JSON`, { kind: FailureKind.Transient, code: WickrErrorCode.Serialization, operation, cause: error });
  }
}

/** One call's end: the caller's signal or the deadline, whichever comes first. */
class CallScope {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort = (): void => this.controller.abort();
  public readonly signal = this.controller.signal;

  public constructor(
    private readonly callerSignal: AbortSignal | undefined,
    public readonly deadline: number,
    private readonly now: () => number,
  ) {
    this.timer = setTimeout(() => this.controller.abort(), Math.max(0, deadline - now()));
    if (callerSignal?.aborted) this.controller.abort();
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  public ended(): boolean {
    return this.signal.aborted || this.now() >= this.deadline;
  }

  /** DeadlineExceeded, or Aborted when the caller's signal fired; both TRANSIENT, keeping the last failure as cause. */
  public endedError(operation: string, lastError?: unknown): WickrApiError {
    if (lastError instanceof WickrApiError && (lastError.code === WickrErrorCode.DeadlineExceeded || lastError.code === WickrErrorCode.Aborted)) {
      return lastError;
    }
    const aborted = this.callerSignal?.aborted === true;
    const code = aborted ? WickrErrorCode.Aborted : WickrErrorCode.DeadlineExceeded;
    const message = aborted ? `${operation}: aborted by the caller` : `${operation}: deadline exceeded`;
    return new WickrApiError(message, { kind: FailureKind.Transient, code, operation, cause: lastError ?? this.callerSignal?.reason });
  }

  /** Awaits `promise` unless the call ends first. */
  public race<T>(promise: Promise<T>, operation: string, lastError?: unknown): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.endedError(operation, lastError));
    return new Promise<T>((resolve, reject) => {
      const onEnd = (): void => reject(this.endedError(operation, lastError));
      this.signal.addEventListener('abort', onEnd, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onEnd);
          resolve(value);
        },
        (error: unknown) => {
          this.signal.removeEventListener('abort', onEnd);
          reject(this.signal.aborted ? this.endedError(operation, lastError) : error);
        },
      );
    });
  }

  public dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }
}
