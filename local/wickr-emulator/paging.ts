import { randomUUID } from 'node:crypto';
import { WickrApiError, validationError } from './errors';

type TokenEntry = { offset: number; fingerprint: string };

// Enough for many concurrent listings in a benchmark, small enough that a long run does not grow without bound.
const MAX_TOKENS = 10_000;

/**
 * Opaque `v1:pagination:<uuid>` tokens like the model's example, each bound to an offset and to the
 * filters and sort of the listing that issued it (sending it with other filters is a ValidationError).
 * Pages are offsets into the listing as it is when each page is read, so writes between pages shift them.
 */
export class PageTokens {
  private readonly tokens = new Map<string, TokenEntry>();

  /** Issues a token for the page starting at `offset`. */
  issue(offset: number, fingerprint: string): string {
    const token = `v1:pagination:${randomUUID()}`;
    this.tokens.set(token, { offset, fingerprint });
    if (this.tokens.size > MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
    return token;
  }

  /** The offset a token stands for; a ValidationError when unknown or issued for another listing. */
  resolve(token: string, fingerprint: string): number {
    const entry = this.tokens.get(token);
    if (!entry) throw new WickrApiError(validationError([{ field: 'nextToken', reason: 'Invalid or expired pagination token' }]));
    if (entry.fingerprint !== fingerprint) {
      throw new WickrApiError(validationError([{ field: 'nextToken', reason: 'Pagination token was issued for different parameters' }]));
    }
    return entry.offset;
  }

  /** Drops every token (on reset). */
  clear(): void {
    this.tokens.clear();
  }
}

/** One page of `items` from the token's offset (or 0); `nextToken` only when more items follow. */
export function paginate<T>(items: readonly T[], options: { nextToken?: string; maxResults: number; fingerprint: string; tokens: PageTokens }): { page: T[]; nextToken?: string } {
  const offset = options.nextToken ? options.tokens.resolve(options.nextToken, options.fingerprint) : 0;
  const end = offset + options.maxResults;
  const page = items.slice(offset, end);
  return end < items.length ? { page, nextToken: options.tokens.issue(end, options.fingerprint) } : { page };
}
