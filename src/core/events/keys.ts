/**
 * Storage keys derived from events. Each kind has its own shape so that keys of different kinds
 * never collide, even in one table: `okta:00u…`, `okta:group:00g…`, `okta:event:<uuid>`.
 */
import type { IdpSource } from '../types';

/** The key of an IdP user: `<source>:<idpUserId>`. */
export function userKey(source: IdpSource, idpUserId: string): string {
  return `${source}:${idpUserId}`;
}

/** The key of an IdP group: `<source>:group:<groupId>`. */
export function groupKey(source: IdpSource, groupId: string): string {
  return `${source}:group:${groupId}`;
}

/** The de-duplication key of an IdP event: `<source>:event:<eventId>`. */
export function eventKey(source: IdpSource, eventId: string): string {
  return `${source}:event:${eventId}`;
}
