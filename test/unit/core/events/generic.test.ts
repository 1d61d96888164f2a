import { parseEvent } from '../../../../src/core/events';
import { type Envelope, genericEvent, poisonFrom } from '../../../helpers/events';

describe('parseEvent: generic IdentityUserState', () => {
  it('carries the full user state, keyed by externalId', () => {
    // Prepare
    const event = genericEvent({
      eventId: 'hr-000123',
      occurredAt: '2024-06-11T08:30:05.123Z',
      user: {
        externalId: 'E1001',
        email: 'jane.doe@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        active: true,
        groups: [{ id: '00g1engineering', name: 'Engineering' }, { id: 'grp-42' }],
      },
    });

    // Act
    const parsed = parseEvent(event);

    // Assess
    expect(parsed).toEqual({
      kind: 'user',
      source: 'generic',
      eventId: 'hr-000123',
      eventType: 'IdentityUserState',
      occurredAt: '2024-06-11T08:30:05.123Z',
      user: { by: 'id', idpUserId: 'E1001' },
      state: {
        idpUserId: 'E1001',
        email: 'jane.doe@example.com',
        firstName: 'Jane',
        lastName: 'Doe',
        active: true,
        groups: [{ id: '00g1engineering', name: 'Engineering' }, { id: 'grp-42' }],
      },
    });
  });

  it('leaves optional fields out of the state when the event omits them', () => {
    const parsed = parseEvent(genericEvent({ user: { externalId: 'E2', active: false } }));
    expect(parsed).toMatchObject({ kind: 'user', state: { idpUserId: 'E2', active: false, groups: [] } });
    if (parsed.kind !== 'user') throw new Error('expected a user trigger');
    expect(Object.keys(parsed.state ?? {}).sort()).toEqual(['active', 'groups', 'idpUserId']);
  });

  it.each([
    ['2024-06-11T10:30:05+02:00', '2024-06-11T08:30:05.000Z'],
    ['2024-06-11T08:30:05Z', '2024-06-11T08:30:05.000Z'],
    ['2024-06-11T08:30:05.123456789Z', '2024-06-11T08:30:05.123Z'],
  ])('normalises occurredAt %s to UTC milliseconds (%s) so it orders as a string', (occurredAt, normalised) => {
    expect(parseEvent(genericEvent({ occurredAt, user: { externalId: 'E1' } }))).toMatchObject({ occurredAt: normalised });
  });

  it('carries login when the relay sends one', () => {
    const parsed = parseEvent(genericEvent({ user: { externalId: 'E3', login: 'jdoe' } }));
    expect(parsed).toMatchObject({ state: { login: 'jdoe' } });
  });

  it('ignores a generic source with another detail-type', () => {
    const event: Envelope = { ...genericEvent({ user: { externalId: 'E1' } }), 'detail-type': 'GroupState' };
    expect(parseEvent(event)).toMatchObject({ kind: 'ignored', source: 'generic' });
  });

  it.each<[string, (detail: Record<string, unknown>) => unknown, string]>([
    ['no eventId', ({ eventId: _e, ...d }) => d, 'detail.eventId'],
    ['a bad occurredAt', (d) => ({ ...d, occurredAt: 'last tuesday' }), 'detail.occurredAt'],
    ['no user', ({ user: _u, ...d }) => d, 'detail.user'],
    ['active as a string', (d) => ({ ...d, user: { ...(d.user as object), active: 'yes' } }), 'detail.user.active'],
    ['a group id that is a number', (d) => ({ ...d, user: { ...(d.user as object), groups: [{ id: 3 }] } }), 'detail.user.groups[0].id'],
    ['a misspelt field', (d) => ({ ...d, user: { ...(d.user as object), lastname: 'Doe' } }), 'detail.user.lastname'],
  ])('poisons an event with %s, naming the field', (_name, change, field) => {
    // Prepare
    const base = genericEvent({ user: { externalId: 'E1', email: 'a@example.com' } });
    const event = { ...base, detail: change(base.detail) };

    // Act
    const error = poisonFrom(() => parseEvent(event));

    // Assess
    expect(error).toMatchObject({ errorClass: 'MalformedEvent', field });
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('reports a missing field as required and a wrong type by its type only', () => {
    const base = genericEvent({ user: { externalId: 'E1', email: 'private.person@example.com' } });
    const missing = poisonFrom(() => parseEvent({ ...base, detail: { ...base.detail, eventId: undefined } }));
    const wrongType = poisonFrom(() => parseEvent({ ...base, detail: { ...base.detail, user: { ...(base.detail.user as object), email: 12 } } }));
    expect(missing.message).toBe('detail.eventId: is required');
    expect(wrongType.message).toBe('detail.user.email: expected a string, got number');
  });

  it('never echoes values in a poison message', () => {
    const base = genericEvent({ user: { externalId: 'E1' } });
    const event = { ...base, detail: { ...base.detail, user: { ...(base.detail.user as object), email: 'private person@example.com' } } };
    expect(poisonFrom(() => parseEvent(event)).message).not.toContain('private');
  });
});
