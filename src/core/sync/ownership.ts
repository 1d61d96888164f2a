import type { StateStore, UserLink } from '../ports';
import type { IdpSource } from '../types';

/**
 * The source that owns a Wickr user. The first source to link a user owns it; events from any
 * other source for that user end `ignored` (`owned by <source>`), so a generic event cannot
 * rewrite a user Okta or Identity Center manages. Ownership moves only when an operator deletes
 * the `owner#<wickrUserId>` item (docs/consumer.md § Source ownership). A dry run only reads.
 */
export async function ownerOf(wickrUserId: string, source: IdpSource, deps: { readonly store: StateStore; readonly dryRun: boolean }): Promise<IdpSource> {
  // Read first: once a user is owned (every sync but the first), the answer costs one read and
  // no write; a failed conditional put would cost a write and still need the read.
  const owner = await deps.store.getWickrOwner(wickrUserId);
  if (owner !== null || deps.dryRun) return owner ?? source;
  return deps.store.claimWickrOwner(wickrUserId, source);
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
