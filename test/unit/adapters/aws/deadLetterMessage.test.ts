import { createHash } from 'node:crypto';
import { cutToBytes, deadLetterMessage, MAX_MESSAGE_BYTES } from '../../../../src/adapters/aws/deadLetterMessage';

const letter = { body: '{"ok":true}', messageId: 'm-1', errorClass: 'MalformedEvent', reason: 'detail.uuid: is required' };
const total = (m: ReturnType<typeof deadLetterMessage>) =>
  Buffer.byteLength(m.body) + Object.entries(m.attributes).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v.DataType ?? '') + Buffer.byteLength(v.StringValue ?? ''), 0);

describe(deadLetterMessage.name, () => {
  it('strips control characters and lone surrogates from attributes', () => {
    const m = deadLetterMessage({ ...letter, eventId: 'evt\u0000-1\u0007\n\ud800', reason: 'bad\tfield\r\n' });
    expect(m.attributes.eventId?.StringValue).toBe('evt-1');
    expect(m.attributes.reason?.StringValue).toBe('badfield');
  });

  it('cuts a long reason at a code-point boundary', () => {
    const m = deadLetterMessage({ ...letter, reason: '😀'.repeat(400) });
    const reason = m.attributes.reason?.StringValue ?? '';
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(1024);
    expect(reason).toBe('😀'.repeat(256));
  });

  it('keeps a body that fits, with the characters SQS allows, unchanged', () => {
    const body = '{\n\t"a": "b"\r\n}';
    expect(deadLetterMessage({ ...letter, body }).body).toBe(body);
    expect(deadLetterMessage({ ...letter, body }).attributes.bodyTruncated).toBeUndefined();
  });

  it('replaces characters SQS refuses in a body and keeps the hash of the original', () => {
    const body = 'a\u0001b';
    const m = deadLetterMessage({ ...letter, body });
    expect(m.body).toBe('a\uFFFDb');
    expect(m.attributes.bodySha256?.StringValue).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('truncates a body that does not fit with its attributes, marks it and keeps the hash of the original', () => {
    const body = `"${'é'.repeat(MAX_MESSAGE_BYTES / 2)}"`;
    const m = deadLetterMessage({ ...letter, body, eventId: 'e-1', source: 'generic' });
    expect(total(m)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(m.attributes.bodyTruncated?.StringValue).toBe('true');
    expect(m.attributes.bodySha256?.StringValue).toBe(createHash('sha256').update(body).digest('hex'));
    expect(body.startsWith(m.body)).toBe(true);
  });
});

describe(cutToBytes.name, () => {
  it('never splits a character', () => {
    expect(cutToBytes('a😀b', 3)).toBe('a');
    expect(cutToBytes('a😀b', 5)).toBe('a😀');
  });
});
