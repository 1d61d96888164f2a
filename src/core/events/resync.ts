/**
 * The internal `ResyncUser` message: "bring this IdP user's Wickr account in line now". The
 * reconcile sends one per drifted user, and group-wide triggers fan out into one per member.
 * It travels straight to the consumer queue (SendMessage, never through EventBridge), shaped as
 * an EventBridge event so the consumer parses every body the same way. Documented in
 * docs/events.md § ResyncUser.
 */
import { z } from 'zod';
import { IdpSource, type ParsedEvent } from '../types';
import type { EventBridgeEnvelope } from './envelope';
import { idString, nonEmptyString, parseField, timestamp } from './fields';
import { ignored } from './ignored';

/** `source` of a ResyncUser message. EventBridge rules never route it: only our own code sends it. */
export const RESYNC_SOURCE = 'wickr-idp-sync.reconcile';
export const RESYNC_DETAIL_TYPE = 'ResyncUser';

/** Who asked for the resync. */
export const ResyncOrigin = { Reconcile: 'reconcile', GroupFanOut: 'group-fan-out' } as const;
export type ResyncOrigin = (typeof ResyncOrigin)[keyof typeof ResyncOrigin];

/** The id of one run or trigger: it becomes part of a DynamoDB key, so keep it short. */
const RUN_ID_MAX_LENGTH = 128;
const ID_MAX_LENGTH = 256;

/** The `detail` of a ResyncUser message. */
export const ResyncDetailSchema = z.strictObject({
  /** The reconcile run id, or the event id of the group trigger that fanned out. */
  runId: nonEmptyString.max(RUN_ID_MAX_LENGTH, { error: `expected at most ${RUN_ID_MAX_LENGTH} characters` }),
  origin: z.enum([ResyncOrigin.Reconcile, ResyncOrigin.GroupFanOut], { error: 'expected "reconcile" or "group-fan-out"' }),
  /** The directory to re-read. Generic users have no directory and are never resynced. */
  source: z.enum([IdpSource.Okta, IdpSource.IdentityCenter], { error: 'expected "okta" or "identity-center"' }),
  idpUserId: idString.max(ID_MAX_LENGTH, { error: `expected at most ${ID_MAX_LENGTH} characters` }),
  requestedAt: timestamp,
});
export type ResyncDetail = z.input<typeof ResyncDetailSchema>;

/** The SQS body of a ResyncUser message. */
export function resyncMessageBody(detail: ResyncDetail): string {
  const envelope = { version: '0', source: RESYNC_SOURCE, 'detail-type': RESYNC_DETAIL_TYPE, time: detail.requestedAt, detail };
  return JSON.stringify(envelope);
}

/**
 * Parses a ResyncUser message into a user trigger. Its event id is `<runId>:<idpUserId>`, so a
 * message sent twice by a resumed run is a duplicate, while the next run's message is new.
 */
export function parseResyncEvent(envelope: EventBridgeEnvelope): ParsedEvent {
  if (envelope['detail-type'] !== RESYNC_DETAIL_TYPE) {
    return ignored(`reconcile detail-type "${envelope['detail-type']}" is not ${RESYNC_DETAIL_TYPE}`, {});
  }
  const detail = parseField(ResyncDetailSchema, envelope.detail, ['detail']);
  return {
    kind: 'user',
    source: detail.source,
    eventId: `${detail.runId}:${detail.idpUserId}`,
    eventType: RESYNC_DETAIL_TYPE,
    occurredAt: detail.requestedAt,
    user: { by: 'id', idpUserId: detail.idpUserId },
  };
}
