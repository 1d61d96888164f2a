/**
 * Builds a dead-letter SendMessage that SQS can always accept, so a poison message is never
 * stuck retrying its own dead-letter send. SQS allows only #x9, #xA, #xD, #x20–#xD7FF,
 * #xE000–#xFFFD and #x10000–#x10FFFF in bodies and string attributes, and at most 256 KiB for
 * the body and the attributes (names, types and values) together.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
 */
import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { DeadLetter } from '../../core/ports';

/** SQS's limit for one message: body plus attributes. */
export const MAX_MESSAGE_BYTES = 262_144;
/** Room kept for the reason, UTF-8 bytes. */
const MAX_REASON_BYTES = 1024;
/** Room kept for each other attribute (ids, classes), UTF-8 bytes. */
const MAX_ATTRIBUTE_BYTES = 256;

/** Characters SQS refuses in a body; lone surrogates (from JSON `\ud800` escapes) included, as the `u` flag matches them one by one. */
const NOT_ALLOWED_IN_BODY = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Attributes are one-line labels: every control character goes, and whatever SQS refuses. */
const NOT_ALLOWED_IN_ATTRIBUTE = /[^\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

type Attributes = Record<string, MessageAttributeValue>;

/** The body and attributes to send for `letter`. */
export function deadLetterMessage(letter: DeadLetter): { body: string; attributes: Attributes } {
  const attributes: Attributes = {};
  const put = (name: string, value: string | undefined, maxBytes = MAX_ATTRIBUTE_BYTES): void => {
    const clean = cutToBytes((value ?? '').replace(NOT_ALLOWED_IN_ATTRIBUTE, ''), maxBytes);
    if (clean !== '') attributes[name] = { DataType: 'String', StringValue: clean };
  };
  put('errorClass', letter.errorClass);
  attributes.errorClass ??= { DataType: 'String', StringValue: 'Unknown' };
  put('reason', letter.reason, MAX_REASON_BYTES);
  attributes.reason ??= { DataType: 'String', StringValue: '(none)' };
  put('originalMessageId', letter.messageId);
  put('eventId', letter.eventId);
  put('source', letter.source);

  let body = letter.body.replace(NOT_ALLOWED_IN_BODY, '\uFFFD');
  if (body !== letter.body) put('bodyCharactersReplaced', 'true');
  const room = MAX_MESSAGE_BYTES - attributeBytes(attributes) - attributeBytes(truncationAttributes(letter.body));
  if (Buffer.byteLength(body, 'utf8') > MAX_MESSAGE_BYTES - attributeBytes(attributes)) {
    Object.assign(attributes, truncationAttributes(letter.body));
    body = cutToBytes(body, room);
  } else if (body !== letter.body) {
    put('bodySha256', sha256(letter.body));
  }
  return { body: body === '' ? '(empty body)' : body, attributes };
}

/** The attributes that mark a truncated body; the hash is of the original, to match it elsewhere. */
function truncationAttributes(original: string): Attributes {
  return {
    bodyTruncated: { DataType: 'String', StringValue: 'true' },
    bodySha256: { DataType: 'String', StringValue: sha256(original) },
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What SQS counts of the attributes: each name, data type and value. */
function attributeBytes(attributes: Attributes): number {
  return Object.entries(attributes).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '') + Buffer.byteLength(value.StringValue ?? ''), 0);
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a code point. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
