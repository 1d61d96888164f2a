import { ClientTokens } from './operations/clientTokens';
import { PageTokens } from './paging';
import { TokenBucket } from './rateLimiter';
import { parseCreateUserRefusals, parseFaultSettings, parseSeed } from './seed';
import { NetworkStore } from './store';
import type { CreateUserRefusal, WickrEmulatorState, WickrFaults, WickrFaultSettings, WickrRateLimit, WickrSeed } from './types';

/**
 * The emulator's whole mutable state: the network, credentials, limits, faults, tokens and request counts.
 * `reset` replaces all of it at once; `setFaults` only the limits and faults; `setCreateUserRefusals` only the refusals.
 */
export class EmulatorCore {
  store!: NetworkStore;
  credentials!: WickrSeed['credentials'];
  rateLimit: WickrRateLimit | undefined;
  bucket: TokenBucket | undefined;
  faults: WickrFaults | undefined;
  /** BatchCreateUser refusals by lower-case username. */
  createUserRefusals = new Map<string, CreateUserRefusal>();
  readonly pageTokens = new PageTokens();
  readonly clientTokens = new ClientTokens();
  private requests: Record<string, Record<string, number>> = {};

  constructor(
    seed: WickrSeed,
    readonly now: () => number,
  ) {
    this.reset(seed);
  }

  /** Validates the seed and replaces everything with it; throws `SeedError` and changes nothing when invalid. */
  reset(input: unknown): void {
    const seed = parseSeed(input);
    this.store = new NetworkStore(seed, this.nowSeconds());
    this.credentials = { ...seed.credentials };
    this.setLimits(seed.rateLimit, seed.faults);
    this.pageTokens.clear();
    this.clientTokens.clear();
    this.createUserRefusals = new Map();
    this.requests = {};
  }

  /** Validates and replaces the BatchCreateUser refusals; throws `SeedError` and changes nothing when invalid. */
  setCreateUserRefusals(input: unknown): void {
    const refusals = parseCreateUserRefusals(input);
    this.createUserRefusals = new Map(refusals.map((r) => [r.username.toLowerCase(), r]));
  }

  /** Validates and applies a rate limit / faults change: `null` turns one off, `undefined` keeps it. */
  setFaults(input: unknown): void {
    const settings: WickrFaultSettings = parseFaultSettings(input);
    this.setLimits(settings.rateLimit === undefined ? this.rateLimit : (settings.rateLimit ?? undefined), settings.faults === undefined ? this.faults : (settings.faults ?? undefined));
  }

  /** The rate limit and faults in force (null when off). */
  faultSettings(): { rateLimit: WickrRateLimit | null; faults: WickrFaults | null } {
    return { rateLimit: this.rateLimit ?? null, faults: this.faults ?? null };
  }

  /** Counts one answered (or reset) request of an operation. */
  count(operation: string, status: number | 'reset'): void {
    const byStatus = (this.requests[operation] ??= {});
    byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
  }

  /** A copy of the users and request counts. */
  state(): WickrEmulatorState {
    const requests: WickrEmulatorState['requests'] = {};
    for (const [op, byStatus] of Object.entries(this.requests)) requests[op] = { ...byStatus };
    return { networkId: this.store.networkId, users: this.store.snapshot(), requests };
  }

  /** The clock in epoch seconds, as the model's `modified` members are. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private setLimits(rateLimit: WickrRateLimit | undefined, faults: WickrFaults | undefined): void {
    // A changed limit starts with a full bucket, so a benchmark that raises it is not throttled by the old one.
    if (rateLimit !== this.rateLimit || !this.bucket) this.bucket = rateLimit ? new TokenBucket(rateLimit, this.now) : undefined;
    this.rateLimit = rateLimit;
    this.faults = faults;
  }
}
