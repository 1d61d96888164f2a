/**
 * IAM Identity Center changes as CloudTrail management events on the default bus. They carry
 * ids only (names and SCIM bodies are masked), so every supported call becomes a trigger to
 * re-read the user or group. Request shapes: the Identity Store API reference
 * https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/ and
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/scim-logging-using-cloudtrail.html
 */
import * as z from 'zod/mini';
import { IdpSource, type ParsedEvent, type UserTrigger } from '../types';
import type { EventBridgeEnvelope } from './envelope';
import { idString, malformed, nonEmptyString, parseField, timestamp } from './fields';
import { ignored } from './ignored';
import { IIC_DETAIL_TYPE, type IIC_EVENT_NAMES, IIC_EVENT_SOURCES } from './supported';

type IicEventName = (typeof IIC_EVENT_NAMES)[number];
type Meta = { readonly eventId: string; readonly eventType: string; readonly occurredAt: string };
type Handler = (detail: Readonly<Record<string, unknown>>, meta: Meta) => ParsedEvent;

const SCIM_EVENT_SOURCE = 'identitystore-scim.amazonaws.com';

const HeadSchema = z.looseObject({ eventSource: nonEmptyString, eventName: nonEmptyString });
const MetaSchema = z.looseObject({ eventID: idString, eventTime: timestamp });

const CreateMembershipSchema = z.looseObject({
  requestParameters: z.looseObject({ memberId: z.looseObject({ userId: idString }) }),
  // Learning the membership id is a bonus (DeleteGroupMembership names only it); the trigger works without.
  responseElements: z.nullish(z.looseObject({ membershipId: z.optional(idString) })),
});
const DeleteMembershipSchema = z.looseObject({ requestParameters: z.looseObject({ membershipId: idString }) });
const ConsoleMemberSchema = z.looseObject({
  requestParameters: z.looseObject({ member: z.looseObject({ memberId: idString }) }),
});
const UserIdSchema = z.looseObject({ requestParameters: z.looseObject({ userId: idString }) });
// SCIM calls name the resource by its URL id (`id`); accept `userId` too, as the identitystore calls do.
const ScimUserSchema = z.looseObject({
  requestParameters: z.looseObject({ id: z.optional(idString), userId: z.optional(idString) }),
});
const ScimGroupSchema = z.looseObject({ requestParameters: z.looseObject({ id: idString }) });

const userTrigger = (meta: Meta, idpUserId: string, extra: Partial<UserTrigger> = {}): UserTrigger => ({
  kind: 'user',
  source: IdpSource.IdentityCenter,
  ...meta,
  user: { by: 'id', idpUserId },
  ...extra,
});

const byUserId =
  (extra: Partial<UserTrigger> = {}): Handler =>
  (detail, meta) =>
    userTrigger(meta, parseField(UserIdSchema, detail, ['detail']).requestParameters.userId, extra);

/** Identity Store API (`identitystore`) and console (`sso-directory`) calls. */
const DIRECTORY_HANDLERS: Partial<Record<IicEventName, Handler>> = {
  CreateGroupMembership: (detail, meta) => {
    const { requestParameters, responseElements } = parseField(CreateMembershipSchema, detail, ['detail']);
    const idpUserId = requestParameters.memberId.userId;
    const membershipId = responseElements?.membershipId;
    return userTrigger(meta, idpUserId, membershipId === undefined ? {} : { learnedMembership: { membershipId, idpUserId } });
  },
  DeleteGroupMembership: (detail, meta) => {
    const { membershipId } = parseField(DeleteMembershipSchema, detail, ['detail']).requestParameters;
    // The call names only the membership; the consumer resolves it from what CreateGroupMembership taught.
    return { kind: 'user', source: IdpSource.IdentityCenter, ...meta, user: { by: 'membership', membershipId } };
  },
  AddMemberToGroup: (detail, meta) => userTrigger(meta, parseField(ConsoleMemberSchema, detail, ['detail']).requestParameters.member.memberId),
  RemoveMemberFromGroup: (detail, meta) => userTrigger(meta, parseField(ConsoleMemberSchema, detail, ['detail']).requestParameters.member.memberId),
  UpdateUser: byUserId(),
  DisableUser: byUserId(),
  EnableUser: byUserId(),
  DeleteUser: byUserId({ deleted: true }),
};

const scimUser =
  (extra: Partial<UserTrigger> = {}): Handler =>
  (detail, meta) => {
    const { id, userId } = parseField(ScimUserSchema, detail, ['detail']).requestParameters;
    const idpUserId = id ?? userId;
    if (idpUserId === undefined) throw malformed('detail.requestParameters.id', 'is required (or userId)');
    return userTrigger(meta, idpUserId, extra);
  };

/** SCIM calls from an external IdP: bodies are masked, only the URL id is usable. */
const SCIM_HANDLERS: Partial<Record<IicEventName, Handler>> = {
  PatchUser: scimUser(),
  DeleteUser: scimUser({ deleted: true }),
  PatchGroup: (detail, meta) => ({
    kind: 'group',
    source: IdpSource.IdentityCenter,
    ...meta,
    idpGroupId: parseField(ScimGroupSchema, detail, ['detail']).requestParameters.id,
  }),
};

/** Parses an Identity Center CloudTrail event into a trigger, or says why it is ignored. */
export function parseIdentityCenterEvent(envelope: EventBridgeEnvelope): ParsedEvent {
  const { detail } = envelope;
  if (envelope['detail-type'] !== IIC_DETAIL_TYPE) {
    return ignored(`Identity Center detail-type "${envelope['detail-type']}" is not handled`, {
      source: IdpSource.IdentityCenter,
    });
  }
  const { eventSource, eventName } = parseField(HeadSchema, detail, ['detail']);
  const info = { source: IdpSource.IdentityCenter, eventId: detail.eventID, eventType: eventName };
  if (!(IIC_EVENT_SOURCES as readonly string[]).includes(eventSource)) {
    return ignored(`CloudTrail eventSource ${eventSource} is not handled`, info);
  }
  const handlers = eventSource === SCIM_EVENT_SOURCE ? SCIM_HANDLERS : DIRECTORY_HANDLERS;
  const handler = handlers[eventName as IicEventName];
  if (handler === undefined) return ignored(`${eventSource} ${eventName} is not acted on`, info);
  // A failed call changed nothing (the rule filters these too).
  if (detail.errorCode !== undefined && detail.errorCode !== null) {
    return ignored(`${eventName} failed (${String(detail.errorCode)})`, info);
  }
  const { eventID, eventTime } = parseField(MetaSchema, detail, ['detail']);
  return handler(detail, { eventId: eventID, eventType: eventName, occurredAt: eventTime });
}
