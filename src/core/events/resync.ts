/**
 * The internal `ResyncUser` message: "bring this user's Wickr account in line now". The
 * reconcile sends one per drifted user, and group-wide triggers fan out into one per member.
 * It travels straight to the consumer queue (SendMessage, never through EventBridge), shaped as
 * an EventBridge event so the consumer parses every body the same way. Documented in
 * docs/events.md § ResyncUser.
 *
 * Two targets:
 * - an IdP user (`source` + `idpUserId`): the consumer re-reads the directory and applies the
 *   mapping, exactly as for an IdP event;
 * - a Wickr user that maps to no IdP user (`wickrUserId` + `action`, origin `reconcile` only):
 *   the reconcile found it unmanaged under `onUnmanaged: "suspend"`. There is no IdP truth to
 *   re-read, so the message says what to do; the consumer still refuses admins and protected
 *   usernames.
 */
import * as z from 'zod/mini';
import { IdpSource, type ParsedEvent } from '../types';
import type { EventBridgeEnvelope } from './envelope';
import { idString, malformed, nonEmptyString, parseField, timestamp } from './fields';
import { ignored } from './ignored';

/** `source` of a ResyncUser message. EventBridge rules never route it: only our own code sends it. */
export const RESYNC_SOURCE = 'wickr-idp-sync.reconcile';
export const RESYNC_DETAIL_TYPE = 'ResyncUser';

/** Who asked for the resync. */
export const ResyncOrigin = { Reconcile: 'reconcile', GroupFanOut: 'group-fan-out' } as const;
export type ResyncOrigin = (typeof ResyncOrigin)[keyof typeof ResyncOrigin];

/**
 * What a Wickr-targeted resync does: suspend an unmanaged user (never changed otherwise), or re-invite an in-scope
 * user whose invitation expired (`provisioning.reinviteExpired`).
 */
export const ResyncAction = { Suspend: 'suspend', Reinvite: 'reinvite', Delete: 'delete' } as const;
export type ResyncAction = (typeof ResyncAction)[keyof typeof ResyncAction];

/** The id of one run or trigger: it becomes part of a DynamoDB key, so keep it short. */
const RUN_ID_MAX_LENGTH = 128;
const ID_MAX_LENGTH = 256;

const runId = nonEmptyString.check(z.maxLength(RUN_ID_MAX_LENGTH, { error: `expected at most ${RUN_ID_MAX_LENGTH} characters` }));
const targetId = idString.check(z.maxLength(ID_MAX_LENGTH, { error: `expected at most ${ID_MAX_LENGTH} characters` }));

/** The `detail` of a ResyncUser message that names an IdP user. */
export const ResyncDetailSchema = z.strictObject({
  /** The reconcile run id, or the event id of the group trigger that fanned out. */
  runId,
  origin: z.enum([ResyncOrigin.Reconcile, ResyncOrigin.GroupFanOut], { error: 'expected "reconcile" or "group-fan-out"' }),
  /** The directory to re-read. Generic users have no directory and are never resynced. */
  source: z.enum([IdpSource.Okta, IdpSource.IdentityCenter, IdpSource.Scim, IdpSource.Generic], { error: 'expected "okta", "identity-center", "scim" or (for a deletion) "generic"' }),
  idpUserId: targetId,
  /**
   * `delete` (origin `reconcile` only): the user's Wickr account is due for deletion under
   * `deprovisioning.deleteAfterDays`; the consumer re-checks it under the user's lease.
   */
  action: z.optional(z.literal(ResyncAction.Delete, { error: 'expected "delete"' })),
  requestedAt: timestamp,
});

/** The `detail` of a ResyncUser message that names a Wickr user mapping to no IdP user. */
export const ResyncWickrDetailSchema = z.strictObject({
  runId,
  origin: z.literal(ResyncOrigin.Reconcile, { error: 'expected "reconcile"' }),
  wickrUserId: targetId,
  action: z.enum([ResyncAction.Suspend, ResyncAction.Reinvite], { error: 'expected "suspend" or "reinvite"' }),
  requestedAt: timestamp,
});

export type ResyncDetail = z.input<typeof ResyncDetailSchema> | z.input<typeof ResyncWickrDetailSchema>;

/** The SQS body of a ResyncUser message. */
export function resyncMessageBody(detail: ResyncDetail): string {
  const envelope = { version: '0', source: RESYNC_SOURCE, 'detail-type': RESYNC_DETAIL_TYPE, time: detail.requestedAt, detail };
  return JSON.stringify(envelope);
}

/**
 * The event id the consumer de-duplicates on: `<runId>:<idpUserId>`, `<runId>:delete:<idpUserId>`,
 * `<runId>:wickr:<wickrUserId>` or `<runId>:reinvite:<wickrUserId>`.
 */
export function resyncEventId(detail: ResyncDetail): string {
  if (!('wickrUserId' in detail)) return detail.action === ResyncAction.Delete ? `${detail.runId}:delete:${detail.idpUserId}` : `${detail.runId}:${detail.idpUserId}`;
  return detail.action === ResyncAction.Reinvite ? `${detail.runId}:reinvite:${detail.wickrUserId}` : `${detail.runId}:wickr:${detail.wickrUserId}`;
}

/**
 * Parses a ResyncUser message into a trigger. Its event id is `<runId>:<target>`, so a message
 * sent twice by a resumed run is a duplicate, while the next run's message is new.
 */
export function parseResyncEvent(envelope: EventBridgeEnvelope): ParsedEvent {
  if (envelope['detail-type'] !== RESYNC_DETAIL_TYPE) {
    return ignored(`reconcile detail-type "${envelope['detail-type']}" is not ${RESYNC_DETAIL_TYPE}`, {});
  }
  const raw = envelope.detail;
  if (typeof raw === 'object' && raw !== null && 'wickrUserId' in raw) {
    const detail = parseField(ResyncWickrDetailSchema, raw, ['detail']);
    return {
      kind: 'wickrUser',
      eventId: resyncEventId(detail),
      eventType: RESYNC_DETAIL_TYPE,
      occurredAt: detail.requestedAt,
      wickrUserId: detail.wickrUserId,
      action: detail.action,
    };
  }
  const detail = parseField(ResyncDetailSchema, raw, ['detail']);
  // Generic users have no directory to re-read: only a deletion names one (the link's record is its truth).
  if (detail.source === IdpSource.Generic && detail.action !== ResyncAction.Delete) {
    throw malformed('detail.source', 'generic users have no directory to re-read; only a deletion (action "delete") may name one');
  }
  return {
    kind: 'user',
    source: detail.source,
    eventId: resyncEventId(detail),
    eventType: RESYNC_DETAIL_TYPE,
    occurredAt: detail.requestedAt,
    user: { by: 'id', idpUserId: detail.idpUserId },
    ...(detail.action === ResyncAction.Delete && { intent: ResyncAction.Delete }),
  };
}
