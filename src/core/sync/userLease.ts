import { DeferralError } from '../errors';
import type { StateStore } from '../ports';

/**
 * The per-user leases one unit of work holds (DynamoDB `lease#<key>`, conditional put, expiring
 * by itself if the invocation dies). A sync takes the lease on the IdP user first and on the
 * Wickr user once it is known, so two IdP keys of one person (an Okta login and its user id)
 * never write to the same Wickr user at once. Every lease is released together at the end.
 */
export class UserLeases {
  readonly #store: StateStore;
  readonly #owner: string;
  readonly #leaseMs: number;
  readonly #held: string[] = [];

  public constructor(store: StateStore, owner: string, leaseMs: number) {
    this.#store = store;
    this.#owner = owner;
    this.#leaseMs = leaseMs;
  }

  /** Takes the lease on `key`, or throws `DeferralError('UserBusy')` when another invocation holds it. */
  public async hold(key: string): Promise<void> {
    if (this.#held.includes(key)) return;
    if (!(await this.#store.acquireLease(key, this.#owner, this.#leaseMs))) {
      throw new DeferralError('UserBusy', 'another invocation is syncing this user');
    }
    this.#held.push(key);
  }

  /** Releases every lease taken; a failed release only lets the lease run out by itself. */
  public async releaseAll(): Promise<void> {
    const keys = this.#held.splice(0);
    await Promise.all(keys.map((key) => this.#store.releaseLease(key, this.#owner).catch(() => undefined)));
  }
}

/** Runs `work` holding the lease on `key` (more may be taken through the leases passed in), then releases them all. */
export async function withUserLease<T>(
  key: string,
  lease: { readonly store: StateStore; readonly owner: string; readonly leaseMs: number },
  work: (leases: UserLeases) => Promise<T>,
): Promise<T> {
  const leases = new UserLeases(lease.store, lease.owner, lease.leaseMs);
  try {
    await leases.hold(key);
    return await work(leases);
  } finally {
    await leases.releaseAll();
  }
}
