/**
 * Who an event is about, named by ids only (IdP user id, Wickr user id, group id: not personal
 * data), read with the consumer's own parser so the summary names users as the function sees them.
 */
import { parseEvent, parseSqsBody } from '../../src/core/events';
import type { ParsedEvent } from '../../src/core/types';

/** The ids an event names; empty when it names none (or cannot be parsed). */
export type EventSubject = { readonly idpUserId?: string; readonly wickrUserId?: string; readonly idpGroupId?: string };

function subjectOf(parsed: ParsedEvent): EventSubject {
  if (parsed.kind === 'user') {
    const { user } = parsed;
    // A login is personal data, not an id: such a user is named by the event alone.
    if (user.by === 'id') return { idpUserId: user.idpUserId };
    return user.by === 'membership' ? { idpUserId: `membership:${user.membershipId}` } : {};
  }
  if (parsed.kind === 'group') return { idpGroupId: parsed.idpGroupId };
  if (parsed.kind === 'wickrUser') return { wickrUserId: parsed.wickrUserId };
  return {};
}

/** The subject of an SQS message body (the whole EventBridge event as JSON). */
export function subjectOfBody(body: string): EventSubject {
  try {
    return subjectOf(parseSqsBody(body));
  } catch {
    return {};
  }
}

/** The subject of a scenario event (as published). */
export function subjectOfEvent(event: unknown): EventSubject {
  try {
    return subjectOf(parseEvent(event));
  } catch {
    return {};
  }
}

/** The IdP event id an event carries (Okta uuid, CloudTrail eventID, generic eventId). */
export function eventIdOfEvent(event: { readonly detail?: Record<string, unknown> }): string | undefined {
  const id = event.detail?.uuid ?? event.detail?.eventID ?? event.detail?.eventId;
  return typeof id === 'string' ? id : undefined;
}
