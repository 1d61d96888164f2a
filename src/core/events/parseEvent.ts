/** Entry points: an SQS body or an EventBridge event in, a trigger (or a reason to ignore it) out. */
import { PoisonError } from '../errors';
import type { ParsedEvent } from '../types';
import { toEnvelope } from './envelope';
import { parseGenericEvent } from './generic';
import { parseIdentityCenterEvent } from './identityCenter';
import { ignored } from './ignored';
import { parseOktaEvent } from './okta';
import { RESYNC_SOURCE, parseResyncEvent } from './resync';
import { parseScimEvent } from './scim';
import { GENERIC_SOURCE, IIC_SOURCES, OKTA_SOURCE_PREFIX, SCIM_SOURCE } from './supported';

/**
 * Parses one SQS message body (the whole EventBridge event as JSON).
 * Throws `PoisonError` `MalformedJson`, `NotAnEnvelope` or `MalformedEvent`.
 */
export function parseSqsBody(body: string): ParsedEvent {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // Neither the parser's message nor its error as `cause`: V8 quotes a slice of the input, which may hold an email.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = position === undefined ? '' : ` (at position ${position})`;
    throw new PoisonError('MalformedJson', `SQS body is not valid JSON${where}`);
  }
  return parseEvent(value);
}

/**
 * Parses one EventBridge event. Unknown sources and event types are `ignored`, never errors; a
 * supported event with a missing or malformed field throws `PoisonError('MalformedEvent')`.
 */
export function parseEvent(value: unknown): ParsedEvent {
  const envelope = toEnvelope(value);
  const { source } = envelope;
  if (source.startsWith(OKTA_SOURCE_PREFIX)) return parseOktaEvent(envelope);
  if ((IIC_SOURCES as readonly string[]).includes(source)) return parseIdentityCenterEvent(envelope);
  if (source === GENERIC_SOURCE) return parseGenericEvent(envelope);
  if (source === RESYNC_SOURCE) return parseResyncEvent(envelope);
  if (source === SCIM_SOURCE) return parseScimEvent(envelope);
  return ignored(`source ${source} is not handled`, { eventType: envelope['detail-type'] });
}
