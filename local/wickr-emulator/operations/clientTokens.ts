import { WickrApiError, validationError, type EmulatorResponse } from '../errors';

// ClientToken in the model: 1..64 characters of [a-zA-Z0-9-_:].
const CLIENT_TOKEN = /^[a-zA-Z0-9\-_:]{1,64}$/;
const MAX_TOKENS = 10_000;

type Remembered = { fingerprint: string; response: EmulatorResponse };

/**
 * X-Client-Token idempotency for the batch calls: a retry with the same token and the same request
 * gets the first answer again without re-applying it; the same token with another request is a ValidationError.
 */
export class ClientTokens {
  private readonly seen = new Map<string, Remembered>();

  /** The token of a request, validated against the model's ClientToken shape; undefined when absent. */
  tokenOf(headers: Record<string, string | string[] | undefined>): string | undefined {
    const raw = headers['x-client-token'];
    if (raw === undefined) return undefined;
    const token = Array.isArray(raw) ? raw.join(',') : raw;
    if (!CLIENT_TOKEN.test(token)) {
      throw new WickrApiError(validationError([{ field: 'clientToken', reason: 'clientToken must be 1 to 64 characters of [a-zA-Z0-9-_:]' }]));
    }
    return token;
  }

  /** Runs `apply` once per token; replays its answer for an identical retry. */
  once(token: string | undefined, fingerprint: string, apply: () => EmulatorResponse): EmulatorResponse {
    if (token === undefined) return apply();
    const previous = this.seen.get(token);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new WickrApiError(validationError([{ field: 'clientToken', reason: 'clientToken was already used with different parameters' }]));
      }
      return previous.response;
    }
    const response = apply();
    if (response.status === 200) {
      this.seen.set(token, { fingerprint, response });
      if (this.seen.size > MAX_TOKENS) this.seen.delete(this.seen.keys().next().value!);
    }
    return response;
  }

  /** Forgets every token (on reset). */
  clear(): void {
    this.seen.clear();
  }
}
