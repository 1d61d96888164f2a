/**
 * Okta System Log events from the EventBridge partner source (Log Streaming). The `detail` is an
 * Okta LogEvent: https://developer.okta.com/docs/reference/api/system-log/#logevent-object
 */
import * as z from 'zod/mini';
import { IdpSource, type ParsedEvent, type UserRef, type UserTrigger } from '../types';
import type { EventBridgeEnvelope } from './envelope';
import { idString, malformed, nonEmptyString, parseField, timestamp } from './fields';
import { ignored } from './ignored';
import { OKTA_DETAIL_TYPE, OKTA_EVENT_TYPES } from './supported';

/** Target types that name the user: `AppUser` is how AD/LDAP/app imports name a member. */
const USER_TARGET_TYPES = ['User', 'AppUser'] as const;
/** Okta user ids start with `00u`; an `AppUser` target may instead carry an app-specific id. */
const OKTA_USER_ID = /^00u[0-9A-Za-z]+$/;
/** Okta writes `unknown` where it has no alternate id. */
const UNKNOWN = 'unknown';

const HeadSchema = z.looseObject({ eventType: nonEmptyString });
const OutcomeSchema = z.looseObject({ outcome: z.looseObject({ result: nonEmptyString }) });

// Only `id`, `alternateId`, `displayName` and `type` are dependable on targets (Okta Workflows docs).
const TargetSchema = z.looseObject({
  id: z.nullish(z.string()),
  type: nonEmptyString,
  alternateId: z.nullish(z.string()),
});
type Target = z.output<typeof TargetSchema>;

const DetailSchema = z.looseObject({
  uuid: idString,
  published: timestamp,
  target: z.nullish(z.array(TargetSchema)),
});

/** Parses an Okta `SystemLog` event into a user trigger, or says why it is ignored. */
export function parseOktaEvent(envelope: EventBridgeEnvelope): ParsedEvent {
  const { detail } = envelope;
  if (envelope['detail-type'] !== OKTA_DETAIL_TYPE) {
    return ignored(`Okta detail-type "${envelope['detail-type']}" is not ${OKTA_DETAIL_TYPE}`, { source: IdpSource.Okta });
  }
  const { eventType } = parseField(HeadSchema, detail, ['detail']);
  const meta = { source: IdpSource.Okta, eventId: detail.uuid, eventType };
  if (!isSupported(eventType)) return ignored(`Okta event type ${eventType} is not acted on`, meta);

  const { outcome } = parseField(OutcomeSchema, detail, ['detail']);
  // The rule filters on SUCCESS too; a FAILURE (e.g. a denied change) changed nothing.
  if (outcome.result !== 'SUCCESS') return ignored(`Okta outcome is ${outcome.result}`, meta);

  const { uuid, published, target } = parseField(DetailSchema, detail, ['detail']);
  const { user, loginHint } = userFromTargets(target ?? []);
  const trigger: UserTrigger = {
    kind: 'user',
    source: IdpSource.Okta,
    eventId: uuid,
    eventType,
    occurredAt: published,
    user,
    ...(loginHint !== undefined && { loginHint }),
    ...(eventType === 'user.lifecycle.delete.initiated' && { deleted: true }),
  };
  return trigger;
}

function isSupported(eventType: string): boolean {
  return (OKTA_EVENT_TYPES as readonly string[]).includes(eventType);
}

/**
 * The user named by the event, chosen by target `type` (target order is not guaranteed): a
 * `User` target wins; otherwise an imported `AppUser`. An `AppUser` without an Okta user id is
 * named by its login (`alternateId`), which the Okta Users API accepts in place of the id; the
 * consumer resolves it to the id before leasing.
 */
function userFromTargets(targets: readonly Target[]): { user: UserRef; loginHint?: string } {
  for (const type of USER_TARGET_TYPES) {
    const index = targets.findIndex((t) => t.type === type);
    if (index === -1) continue;
    const target = targets[index] as Target;
    const id = usable(target.id);
    const login = usable(target.alternateId);
    if (type === 'User') {
      if (id === undefined) throw malformed(`detail.target[${index}].id`, 'expected the Okta user id');
      return withLogin(id, login);
    }
    if (id !== undefined && OKTA_USER_ID.test(id)) return withLogin(id, login);
    if (login === undefined) {
      throw malformed(`detail.target[${index}].alternateId`, 'expected the login of the imported user (no Okta user id)');
    }
    return { user: { by: 'login', login }, loginHint: login };
  }
  throw malformed('detail.target', `expected a target of type ${USER_TARGET_TYPES.join(' or ')}`);
}

function withLogin(idpUserId: string, login: string | undefined): { user: UserRef; loginHint?: string } {
  const user: UserRef = { by: 'id', idpUserId };
  return login === undefined ? { user } : { user, loginHint: login };
}

function usable(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === '' || value === UNKNOWN ? undefined : value;
}
