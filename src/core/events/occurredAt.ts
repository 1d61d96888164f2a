/**
 * The check of an event's time that needs a clock, so it runs where the clock is injected (the
 * batch), not in the pure parsers. Calendar and lower-bound checks are in `fields.ts`.
 */
import { PoisonError } from '../errors';
import { IdpSource, type GroupTrigger, type UserTrigger, type WickrUserTrigger } from '../types';
import { RESYNC_DETAIL_TYPE } from './resync';

/** How far ahead of our clock an event may be: clock skew, not a forged or broken time. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

/** Where each source carries the time that becomes `occurredAt`. */
const OCCURRED_AT_FIELD: Record<IdpSource, string> = {
  [IdpSource.Okta]: 'detail.published',
  [IdpSource.IdentityCenter]: 'detail.eventTime',
  [IdpSource.Generic]: 'detail.occurredAt',
  [IdpSource.Scim]: 'detail.occurredAt',
};

/**
 * Throws `PoisonError('MalformedEvent')`, naming the field, when the event says it happened more
 * than {@link MAX_FUTURE_SKEW_MS} after `now` (epoch ms). A generic event from the far future
 * would otherwise win every later comparison of `occurredAt` for its user.
 */
export function assertNotFromFuture(event: UserTrigger | GroupTrigger | WickrUserTrigger, now: number): void {
  if (Date.parse(event.occurredAt) <= now + MAX_FUTURE_SKEW_MS) return;
  const field = event.kind === 'wickrUser' || event.eventType === RESYNC_DETAIL_TYPE ? 'detail.requestedAt' : OCCURRED_AT_FIELD[event.source];
  throw new PoisonError('MalformedEvent', `${field}: is more than 5 minutes in the future`, { field });
}
