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

/** The de-duplication key of a Wickr-targeted trigger (no IdP source to prefix it with): `wickr:event:<eventId>`. */
export function wickrEventKey(eventId: string): string {
  return `wickr:event:${eventId}`;
}

/**
 * The longest key (UTF-8 bytes) core hands to the state store. DynamoDB limits a partition key
 * to 2048 bytes (and an index sort key to 1024); the store composes at most two core keys plus
 * a short prefix into one, so each stays under 1000.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
 */
export const MAX_KEY_BYTES = 1000;

/** True when `key` is too long to store (see {@link MAX_KEY_BYTES}). */
export function isKeyTooLong(key: string): boolean {
  return Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES;
}
