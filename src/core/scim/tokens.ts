/**
 * Bearer tokens. A token is shown once, when made, and stored only as its SHA-256; a request's
 * token is hashed and compared with every live hash in constant time (`timingSafeEqual`), so
 * neither the comparison nor the store reveals a token. At most {@link SCIM_MAX_LIVE_TOKENS} live
 * at once: one in use and its replacement while the IdP is switched over. No expiry unless asked:
 * an expired token puts Entra's provisioning job in quarantine (reference/scim.md).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SCIM_MAX_LIVE_TOKENS } from './constants';

/** A stored token: its hash, never the token. */
export type TokenRecord = { readonly id: string; readonly sha256: string; readonly createdAt: string; readonly expiresAt?: string };

/** Where token records are kept. */
export interface TokenStore {
  listTokens(): Promise<TokenRecord[]>;
  putToken(record: TokenRecord): Promise<void>;
  /** False when there was no such token. */
  deleteToken(id: string): Promise<boolean>;
}

/** The SHA-256 (hex) of a token. */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const live = (record: TokenRecord, now: number) => record.expiresAt === undefined || Date.parse(record.expiresAt) > now;

/** Refused: already {@link SCIM_MAX_LIVE_TOKENS} live tokens, or a token too short to be safe. */
export class TokenLimitError extends Error {
  public override readonly name = 'TokenLimitError';
}

/** Stores the hash of `token` (the local stack's fixed token, or a new one); refuses a third live token. */
export async function storeToken(store: TokenStore, token: string, options: { now: number; expiresInDays?: number; id?: string }): Promise<TokenRecord> {
  if (token.length < 20) throw new TokenLimitError('a token must have at least 20 characters');
  const records = await store.listTokens();
  if (records.filter((r) => live(r, options.now)).length >= SCIM_MAX_LIVE_TOKENS) throw new TokenLimitError(`there are already ${SCIM_MAX_LIVE_TOKENS} live tokens: revoke one first`);
  const record: TokenRecord = {
    id: options.id ?? randomBytes(6).toString('hex'),
    sha256: hashToken(token),
    createdAt: new Date(options.now).toISOString(),
    ...(options.expiresInDays === undefined ? {} : { expiresAt: new Date(options.now + options.expiresInDays * 86_400_000).toISOString() }),
  };
  await store.putToken(record);
  return record;
}

/** Makes a new random token (256 bits) and stores its hash; the token is returned once, here. */
export async function createToken(store: TokenStore, options: { now: number; expiresInDays?: number }): Promise<{ token: string; record: TokenRecord }> {
  const token = `wis_${randomBytes(32).toString('base64url')}`;
  return { token, record: await storeToken(store, token, options) };
}

/** Every stored token's id and dates (expired ones included, marked by their date). */
export const listTokens = (store: TokenStore): Promise<TokenRecord[]> => store.listTokens();

/** Deletes a token; false when there was none with that id. */
export const revokeToken = (store: TokenStore, id: string): Promise<boolean> => store.deleteToken(id);

/**
 * Checks `Authorization: Bearer …` headers against the live hashes, read through a cache of
 * `cacheMs` (a revocation applies within that time). On a miss the hashes are read again at most
 * every `missRefreshMs`, so a new token works at once without letting wrong tokens hammer the store.
 */
export class TokenVerifier {
  #cache: { records: TokenRecord[]; readAt: number } | undefined;
  readonly #store: TokenStore;
  readonly #now: () => number;
  readonly #cacheMs: number;
  readonly #missRefreshMs: number;

  public constructor(options: { store: TokenStore; now: () => number; cacheMs: number; missRefreshMs?: number }) {
    this.#store = options.store;
    this.#now = options.now;
    this.#cacheMs = options.cacheMs;
    this.#missRefreshMs = options.missRefreshMs ?? 5_000;
  }

  /** True when the header carries a live token. */
  public async verify(authorization: string | undefined): Promise<boolean> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return false;
    const presented = Buffer.from(hashToken(match[1]), 'hex');
    const now = this.#now();
    if (!this.#cache || now - this.#cache.readAt >= this.#cacheMs) await this.#refresh(now);
    if (this.#matches(presented, now)) return true;
    if (now - (this.#cache?.readAt ?? 0) < this.#missRefreshMs) return false;
    await this.#refresh(now);
    return this.#matches(presented, now);
  }

  async #refresh(now: number): Promise<void> {
    this.#cache = { records: await this.#store.listTokens(), readAt: now };
  }

  /** Compares with every live hash, without stopping at the first match. */
  #matches(presented: Buffer, now: number): boolean {
    let found = false;
    for (const record of this.#cache?.records ?? []) {
      const stored = Buffer.from(record.sha256, 'hex');
      if (stored.length === presented.length && timingSafeEqual(stored, presented) && live(record, now)) found = true;
    }
    return found;
  }
}
