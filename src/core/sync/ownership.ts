import { PoisonError } from '../errors';
import type { StateStore, UserLink, WickrOwner } from '../ports';
import type { IdpSource } from '../types';

/**
 * The owner of a Wickr user: its source and its IdP identity. The first identity to link a user
 * owns it (`owner#<wickrUserId>`, which names the identity: the reverse link). Events of any other
 * source end `ignored` (`owned by <source>`), so a generic event cannot rewrite a user Okta or
 * Identity Center manages; another identity of the same source is an `IdentityConflict`
 * ({@link assertOwnIdentity}). Ownership moves only when an operator deletes the owner item
 * (docs/consumer.md § Source ownership). A dry run only reads.
 */
export async function ownerOf(wickrUserId: string, source: IdpSource, userKey: string, deps: { readonly store: StateStore; readonly dryRun: boolean }): Promise<WickrOwner> {
  // Read first: once a user is owned (every sync but the first), the answer costs one read and
  // no write; a failed conditional write would cost a write and still need the read.
  const owner = await deps.store.getWickrOwner(wickrUserId);
  // An owner item of an earlier release names no identity: its own source's identity takes it.
  if (owner !== null && (owner.userKey !== undefined || owner.source !== source)) return owner;
  if (deps.dryRun) return { source, userKey };
  return deps.store.claimWickrOwner(wickrUserId, source, userKey);
}

/**
 * One owner, one identity: a Wickr user owned by another identity of the same source (a second
 * Okta user with the same email, say) is never written for this one. Poison, so it is
 * dead-lettered as `IdentityConflict` for an operator to resolve (docs/consumer.md § Identity
 * conflicts); the reason names the Wickr user id only, never the people.
 */
export function assertOwnIdentity(wickrUserId: string, owner: WickrOwner, userKey: string): void {
  if (owner.userKey === undefined || owner.userKey === userKey) return;
  throw new PoisonError(
    'IdentityConflict',
    `Wickr user ${wickrUserId} is linked to another ${owner.source} identity (the owner#${wickrUserId} item names it); nothing was written: resolve it by hand (docs/consumer.md § Identity conflicts)`,
  );
}

/**
 * True when a state-carrying event is newer than the state the link last applied: a later
 * `occurredAt`, or the same one and a greater event id. Two events of the same time thus end
 * in the same state whichever arrives first.
 */
export function isNewerState(event: { readonly occurredAt: string; readonly eventId: string }, link: UserLink | null): boolean {
  if (!link?.lastOccurredAt) return true;
  if (event.occurredAt !== link.lastOccurredAt) return event.occurredAt > link.lastOccurredAt;
  return event.eventId > (link.lastEventId ?? '');
}
