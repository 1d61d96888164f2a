import schema from '../../../../schemas/generic-event.schema.json';
import { PoisonError } from '../../../../src/core/errors';
import { EMAIL_PATTERN, GENERIC_DETAIL_TYPE, GENERIC_SOURCE, GenericDetailSchema, GenericGroupSchema, GenericUserSchema, parseEvent, RFC3339_PATTERN } from '../../../../src/core/events';
import { validate } from './jsonSchemaSubset';

type Json = Record<string, unknown>;

const detailSchema = schema.properties.detail;
const userSchema = detailSchema.properties.user;
const groupSchema = userSchema.properties.groups.items;

const user = (patch: Json = {}): Json => ({
  externalId: 'E1001',
  email: 'jane.doe@example.com',
  firstName: 'Jane',
  lastName: 'Doe',
  active: true,
  groups: [{ id: 'g1', name: 'Engineering' }, { id: 'g2' }],
  ...patch,
});
const event = (detail: Json = {}, envelope: Json = {}): Json => ({
  version: '0',
  id: 'env-1',
  source: GENERIC_SOURCE,
  'detail-type': GENERIC_DETAIL_TYPE,
  account: '123456789012',
  time: '2024-06-11T08:30:05Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventId: 'ev-1', occurredAt: '2024-06-11T08:30:05.123Z', user: user(), ...detail },
  ...envelope,
});
const omit = (object: Json, key: string): Json => Object.fromEntries(Object.entries(object).filter(([k]) => k !== key));

/** zod's verdict: accepted means a user trigger came out. */
function zodAccepts(value: unknown): boolean {
  try {
    return parseEvent(value).kind === 'user';
  } catch (error) {
    if (error instanceof PoisonError) return false;
    throw error;
  }
}

const VALID: [string, Json][] = [
  ['the full example', event()],
  ['the schema example', schema.examples[0] as Json],
  ['only required user fields', event({ user: { externalId: 'E1', active: false, groups: [] } })],
  ['a login instead of an email', event({ user: user({ email: undefined, login: 'jdoe' }) })],
  ['an offset time', event({ occurredAt: '2024-06-11T10:30:05+02:00' })],
  ['nanosecond precision', event({ occurredAt: '2024-06-11T08:30:05.123456789Z' })],
  ['a 256-character id', event({ eventId: 'x'.repeat(256) })],
  ['extra envelope fields', event({}, { 'replay-name': 'r1' })],
].map(([name, value]) => [name as string, JSON.parse(JSON.stringify(value)) as Json]);

const INVALID: [string, Json][] = [
  ['another source', event({}, { source: 'custom.idp' })],
  ['another detail-type', event({}, { 'detail-type': 'UserChanged' })],
  ['no detail', omit(event(), 'detail')],
  ['no eventId', event({ eventId: undefined })],
  ['an empty eventId', event({ eventId: '' })],
  ['a 257-character eventId', event({ eventId: 'x'.repeat(257) })],
  ['a numeric eventId', event({ eventId: 7 })],
  ['no occurredAt', event({ occurredAt: undefined })],
  ['a date without time', event({ occurredAt: '2024-06-11' })],
  ['a time without zone', event({ occurredAt: '2024-06-11T08:30:05' })],
  ['month 13', event({ occurredAt: '2024-13-11T08:30:05Z' })],
  ['epoch millis', event({ occurredAt: 1718094605123 })],
  ['an unknown detail field', event({ extra: true })],
  ['no user', event({ user: undefined })],
  ['no externalId', event({ user: user({ externalId: undefined }) })],
  ['an empty externalId', event({ user: user({ externalId: '' }) })],
  ['no active', event({ user: user({ active: undefined }) })],
  ['active as a string', event({ user: user({ active: 'true' }) })],
  ['no groups', event({ user: user({ groups: undefined }) })],
  ['groups as an object', event({ user: user({ groups: { id: 'g1' } }) })],
  ['a group without id', event({ user: user({ groups: [{ name: 'Eng' }] }) })],
  ['a group with an empty name', event({ user: user({ groups: [{ id: 'g1', name: '' }] }) })],
  ['a group with an unknown field', event({ user: user({ groups: [{ id: 'g1', displayName: 'Eng' }] }) })],
  ['an email without @', event({ user: user({ email: 'jane.doe' }) })],
  ['an email with a space', event({ user: user({ email: 'jane doe@example.com' }) })],
  ['a null email', event({ user: user({ email: null }) })],
  ['an empty firstName', event({ user: user({ firstName: '' }) })],
  ['a numeric lastName', event({ user: user({ lastName: 42 }) })],
  ['an unknown user field', event({ user: user({ displayName: 'Jane Doe' }) })],
].map(([name, value]) => [name as string, JSON.parse(JSON.stringify(value)) as Json]);

describe('generic event: JSON Schema and zod agree', () => {
  it.each(VALID)('both accept %s', (_name, value) => {
    expect(validate(schema, value)).toEqual([]);
    expect(zodAccepts(value)).toBe(true);
  });

  it.each(INVALID)('both reject %s', (_name, value) => {
    expect(validate(schema, value)).not.toEqual([]);
    expect(zodAccepts(value)).toBe(false);
  });

  it.each([
    ['detail', detailSchema, GenericDetailSchema],
    ['user', userSchema, GenericUserSchema],
    ['group', groupSchema, GenericGroupSchema],
  ] as const)('declares the same %s fields, required and optional', (_name, json, zod) => {
    const fields = Object.keys(zod.shape).sort();
    const required = fields.filter((key) => !(zod.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>)[key]!.safeParse(undefined).success);
    expect(Object.keys(json.properties).sort()).toEqual(fields);
    expect([...json.required].sort()).toEqual(required);
    expect(json.additionalProperties).toBe(false);
  });

  it('uses the same timestamp and email patterns', () => {
    expect(detailSchema.properties.occurredAt.pattern).toBe(RFC3339_PATTERN);
    expect(userSchema.properties.email.pattern).toBe(EMAIL_PATTERN);
  });

  it('names the source and detail-type the parser dispatches on', () => {
    expect(schema.properties.source.const).toBe(GENERIC_SOURCE);
    expect(schema.properties['detail-type'].const).toBe(GENERIC_DETAIL_TYPE);
    expect(schema.required).toEqual(expect.arrayContaining(['source', 'detail-type', 'detail']));
  });
});
