import { OKTA_EVENT_TYPES, parseEvent } from '../../../../src/core/events';
import type { ParsedEvent } from '../../../../src/core/types';
import { type Envelope, idpSample, oktaEvent, poisonFrom } from '../../../helpers/events';

function withDetail(event: Envelope, patch: Record<string, unknown>): Envelope {
  return { ...event, detail: { ...event.detail, ...patch } };
}

describe('parseEvent: Okta', () => {
  it.each([
    ['okta-1.envelope.json', 'group.user_membership.add', '00ued6gq9jItNhAsN0h7', 'jane.doe@example.com', '5f0e0c1a-e1f6-11ee-8c7b-2b1f0d6f4a10', '2024-03-14T09:21:07.412Z'],
    ['okta-2.envelope.json', 'group.user_membership.remove', '00ued6gq9jItNhAsN0h7', 'jane.doe@example.com', '7a1c3e52-e1f7-11ee-9d41-6b0e7d2f7c55', '2024-03-14T09:25:39.871Z'],
    ['okta-3.envelope.json', 'user.account.update_profile', '00ued6gq9jItNhAsN0h7', 'jane.smith@example.com', 'c2b0e7d4-e2ef-11ee-a1f3-3f0b9d6e2a77', '2024-03-15T16:02:11.090Z'],
    ['okta-4.envelope.json', 'user.lifecycle.deactivate', '00u3m90rxKjGQ0G6L1d6', 'johndoe@example.com', '0f6a2b1c-e3a4-11ee-b2c5-5d7e9f1a3b44', '2024-03-16T11:45:02.377Z'],
  ])('turns sample %s into a user trigger keyed by uuid and published', (file, eventType, idpUserId, loginHint, eventId, occurredAt) => {
    // Act
    const parsed = parseEvent(idpSample(file));

    // Assess
    expect(parsed).toEqual({
      kind: 'user',
      source: 'okta',
      eventId,
      eventType,
      occurredAt,
      user: { by: 'id', idpUserId },
      loginHint,
    });
  });

  it('applies the okta-5 lifecycle fragment on the okta-4 envelope', () => {
    // Prepare: the fragment holds only the fields that differ from okta-4.
    const base = idpSample('okta-4.envelope.json');
    const event = withDetail(base, idpSample<Record<string, unknown>>('okta-5.fragment.json'));

    // Act
    const parsed = parseEvent(event);

    // Assess
    expect(parsed).toMatchObject({ kind: 'user', eventType: 'user.lifecycle.suspend', user: { by: 'id', idpUserId: '00u3m90rxKjGQ0G6L1d6' } });
  });

  it('ignores the okta-6 group delete (not a user event)', () => {
    const event = withDetail(idpSample('okta-4.envelope.json'), idpSample<Record<string, unknown>>('okta-6.fragment.json'));
    expect(parseEvent(event)).toMatchObject({ kind: 'ignored', source: 'okta', eventType: 'group.lifecycle.delete' });
  });

  it.each(OKTA_EVENT_TYPES)('acts on %s', (eventType) => {
    const parsed = parseEvent(oktaEvent({ eventType, userId: '00u1', login: 'a@example.com' }));
    expect(parsed.kind).toBe('user');
  });

  it('marks user.lifecycle.delete.initiated as a deletion, and nothing else', () => {
    const deleted = parseEvent(oktaEvent({ eventType: 'user.lifecycle.delete.initiated', userId: '00u1', login: 'a@example.com' }));
    const deactivated = parseEvent(oktaEvent({ eventType: 'user.lifecycle.deactivate', userId: '00u1', login: 'a@example.com' }));
    expect(deleted).toMatchObject({ kind: 'user', deleted: true });
    expect(deactivated).not.toHaveProperty('deleted');
  });

  it('picks the user target by type when the group target comes first', () => {
    // Prepare
    const event = oktaEvent({ eventType: 'group.user_membership.add', userId: '00uabc', login: 'a@example.com', groupId: '00gxyz', groupName: 'Eng' });
    const targets = event.detail.target as unknown[];
    const shuffled = withDetail(event, { target: [...targets].reverse() });

    // Act
    const parsed = parseEvent(shuffled);

    // Assess
    expect(parsed).toMatchObject({ user: { by: 'id', idpUserId: '00uabc' }, loginHint: 'a@example.com' });
  });

  it('prefers a User target over an AppUser target wherever they are', () => {
    const event = withDetail(oktaEvent({ eventType: 'group.user_membership.add', userId: '00uabc', login: 'a@example.com' }), {
      target: [
        { id: '0uaapp', type: 'AppUser', alternateId: 'DOMAIN\\a', displayName: 'A' },
        { id: '00uabc', type: 'User', alternateId: 'a@example.com', displayName: 'A' },
      ],
    });
    expect(parseEvent(event)).toMatchObject({ user: { by: 'id', idpUserId: '00uabc' } });
  });

  it('names an imported AppUser without an Okta user id by its login', () => {
    // Prepare: AD/LDAP imports name the member with an app user id, not a 00u… id.
    const event = oktaEvent({
      eventType: 'group.user_membership.add',
      userId: '0ua5fimport0000000001',
      login: 'jane.doe@corp.example.com',
      userTargetType: 'AppUser',
      groupName: 'Wickr Admins',
    });

    // Act
    const parsed = parseEvent(event);

    // Assess
    expect(parsed).toMatchObject({
      kind: 'user',
      user: { by: 'login', login: 'jane.doe@corp.example.com' },
      loginHint: 'jane.doe@corp.example.com',
    });
  });

  it('uses the Okta user id of an AppUser target when it has one', () => {
    const event = oktaEvent({ eventType: 'group.user_membership.add', userId: '00uimported1', login: 'j@example.com', userTargetType: 'AppUser' });
    expect(parseEvent(event)).toMatchObject({ user: { by: 'id', idpUserId: '00uimported1' } });
  });

  it('leaves loginHint out when alternateId is missing or "unknown"', () => {
    const event = withDetail(oktaEvent({ eventType: 'user.lifecycle.activate', userId: '00u1', login: 'x' }), {
      target: [{ id: '00u1', type: 'User', alternateId: 'unknown' }],
    });
    expect(parseEvent(event)).not.toHaveProperty('loginHint');
  });

  it.each(['FAILURE', 'DENY', 'UNKNOWN'])('ignores an outcome of %s', (outcome) => {
    const parsed = parseEvent(oktaEvent({ eventType: 'group.user_membership.add', userId: '00u1', login: 'a@example.com', outcome, uuid: 'u-1' }));
    expect(parsed).toEqual<ParsedEvent>({
      kind: 'ignored',
      source: 'okta',
      eventId: 'u-1',
      eventType: 'group.user_membership.add',
      reason: `Okta outcome is ${outcome}`,
    });
  });

  it.each(['user.session.start', 'user.authentication.sso', 'group.profile.update', 'user.lifecycle.delete.completed'])('ignores the unsupported event type %s', (eventType) => {
    expect(parseEvent(oktaEvent({ eventType, userId: '00u1', login: 'a@example.com' }))).toMatchObject({ kind: 'ignored', eventType });
  });

  it('ignores an unsupported type even when its target is null', () => {
    const event = withDetail(oktaEvent({ eventType: 'policy.evaluate_sign_on', userId: '00u1', login: 'a' }), { target: null });
    expect(parseEvent(event).kind).toBe('ignored');
  });

  it('ignores an Okta partner event with another detail-type', () => {
    const event = { ...oktaEvent({ eventType: 'group.user_membership.add', userId: '00u1', login: 'a' }), 'detail-type': 'Okta Log Event' };
    expect(parseEvent(event)).toMatchObject({ kind: 'ignored', source: 'okta' });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no eventType', { eventType: undefined }, 'detail.eventType'],
    ['no outcome', { outcome: undefined }, 'detail.outcome'],
    ['no uuid', { uuid: undefined }, 'detail.uuid'],
    ['an empty uuid', { uuid: '' }, 'detail.uuid'],
    ['a numeric published', { published: 1710408067412 }, 'detail.published'],
    ['a published without a zone', { published: '2024-03-14T09:21:07' }, 'detail.published'],
    ['a null target', { target: null }, 'detail.target'],
    ['no target', { target: undefined }, 'detail.target'],
    ['only a group target', { target: [{ id: '00g1', type: 'UserGroup', alternateId: 'unknown' }] }, 'detail.target'],
    ['a target that is not an array', { target: { id: '00u1', type: 'User' } }, 'detail.target'],
    ['a target without a type', { target: [{ id: '00u1' }] }, 'detail.target[0].type'],
    [
      'a User target without an id',
      {
        target: [
          { type: 'UserGroup', id: '00g1' },
          { type: 'User', alternateId: 'a@example.com' },
        ],
      },
      'detail.target[1].id',
    ],
    ['an AppUser without id or login', { target: [{ type: 'AppUser', id: '0ua1', alternateId: 'unknown' }] }, 'detail.target[0].alternateId'],
  ])('poisons a supported event with %s, naming the field', (_name, patch, field) => {
    // Prepare
    const event = withDetail(oktaEvent({ eventType: 'group.user_membership.add', userId: '00u1', login: 'a@example.com' }), patch);

    // Act
    const error = poisonFrom(() => parseEvent(event));

    // Assess
    expect(error.errorClass).toBe('MalformedEvent');
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
  });

  it('does not echo the login in a poison message', () => {
    const event = withDetail(oktaEvent({ eventType: 'user.lifecycle.activate', userId: '00u1', login: 'secret.person@example.com' }), {
      target: [{ type: 'User', id: 42, alternateId: 'secret.person@example.com' }],
    });
    const error = poisonFrom(() => parseEvent(event));
    expect(error.field).toBe('detail.target[0].id');
    expect(error.message).not.toContain('secret.person');
  });
});
