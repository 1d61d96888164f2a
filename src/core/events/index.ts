/** Event parsing: SQS bodies and EventBridge events to triggers. */
export { GENERIC_OFF_REASON, parseEvent, parseSqsBody } from './parseEvent';
export type { ParseOptions } from './parseEvent';
export { eventKey, groupKey, isKeyTooLong, MAX_KEY_BYTES, userKey, wickrEventKey } from './keys';
export { assertNotFromFuture } from './occurredAt';
export type { EventBridgeEnvelope } from './envelope';
export { GenericDetailSchema, GenericGroupSchema, GenericUserSchema } from './generic';
export { EMAIL_PATTERN, MASKED, RFC3339_PATTERN } from './fields';
export * from './supported';
export { RESYNC_DETAIL_TYPE, RESYNC_SOURCE, ResyncAction, ResyncDetailSchema, ResyncOrigin, ResyncWickrDetailSchema, resyncEventId, resyncMessageBody } from './resync';
export type { ResyncDetail } from './resync';
