/**
 * The documented generic event (`wickr-idp-sync.generic` / `IdentityUserState`) for IdPs without
 * a native EventBridge source: a relay publishes the user's full current state with PutEvents.
 * The same rules are written as JSON Schema in `schemas/generic-event.schema.json`; a unit test
 * keeps the two in agreement. Objects are strict so that a typo in a relay fails loudly.
 */
import * as z from 'zod/mini';
import { IdpSource, type DirectoryUser, type ParsedEvent } from '../types';
import type { EventBridgeEnvelope } from './envelope';
import { EMAIL_PATTERN, nonEmptyString, parseField, timestamp } from './fields';
import { ignored } from './ignored';
import { GENERIC_DETAIL_TYPE } from './supported';

/** Ids become DynamoDB keys: bound them well below the key size limit. */
const GENERIC_ID_MAX_LENGTH = 256;

const genericId = nonEmptyString.check(z.maxLength(GENERIC_ID_MAX_LENGTH, { error: `expected at most ${GENERIC_ID_MAX_LENGTH} characters` }));

/** One of the user's groups: `id` is matched exactly by mapping rules, `name` ignoring case. */
export const GenericGroupSchema = z.strictObject({
  id: genericId,
  name: z.optional(nonEmptyString),
});

/** The user's complete current state. */
export const GenericUserSchema = z.strictObject({
  externalId: genericId,
  email: z.optional(z.string().check(z.regex(new RegExp(EMAIL_PATTERN), { error: 'expected an email address' }))),
  login: z.optional(nonEmptyString),
  firstName: z.optional(nonEmptyString),
  lastName: z.optional(nonEmptyString),
  active: z.boolean(),
  groups: z.array(GenericGroupSchema),
});

/** The `detail` of a generic event. */
export const GenericDetailSchema = z.strictObject({
  eventId: genericId,
  occurredAt: timestamp,
  user: GenericUserSchema,
});

/** Parses a generic event into a user trigger that carries the state (no directory read). */
export function parseGenericEvent(envelope: EventBridgeEnvelope): ParsedEvent {
  if (envelope['detail-type'] !== GENERIC_DETAIL_TYPE) {
    return ignored(`generic detail-type "${envelope['detail-type']}" is not ${GENERIC_DETAIL_TYPE}`, {
      source: IdpSource.Generic,
    });
  }
  const { eventId, occurredAt, user } = parseField(GenericDetailSchema, envelope.detail, ['detail']);
  const state: DirectoryUser = {
    idpUserId: user.externalId,
    ...(user.email !== undefined && { email: user.email }),
    ...(user.login !== undefined && { login: user.login }),
    ...(user.firstName !== undefined && { firstName: user.firstName }),
    ...(user.lastName !== undefined && { lastName: user.lastName }),
    active: user.active,
    groups: user.groups.map((g) => (g.name === undefined ? { id: g.id } : { id: g.id, name: g.name })),
  };
  return {
    kind: 'user',
    source: IdpSource.Generic,
    eventId,
    eventType: GENERIC_DETAIL_TYPE,
    occurredAt,
    user: { by: 'id', idpUserId: user.externalId },
    state,
  };
}
