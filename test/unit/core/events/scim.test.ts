import { parseEvent } from '../../../../src/core/events';
import { poisonFrom, scimEvent } from '../../../helpers/events';

describe('Function: parseEvent() for SCIM events', () => {
  it('turns ScimUserChanged into a trigger to re-read that SCIM user', () => {
    // Arrange
    const event = scimEvent('ScimUserChanged', { eventId: 'u1:3', occurredAt: '2026-12-01T10:00:00+01:00', userId: 'u1' });

    // Act
    const parsed = parseEvent(event);

    // Assess
    expect(parsed).toEqual({ kind: 'user', source: 'scim', eventId: 'u1:3', eventType: 'ScimUserChanged', occurredAt: '2026-12-01T09:00:00.000Z', user: { by: 'id', idpUserId: 'u1' } });
  });

  it('turns ScimGroupChanged with memberIds into a group trigger for exactly those members, once each', () => {
    const parsed = parseEvent(scimEvent('ScimGroupChanged', { eventId: 'g1:7', groupId: 'g1', memberIds: ['u1', 'u2', 'u1'] }));

    expect(parsed).toMatchObject({ kind: 'group', source: 'scim', idpGroupId: 'g1', memberIds: ['u1', 'u2'] });
  });

  it('turns ScimGroupChanged without memberIds into a trigger for the whole group', () => {
    const parsed = parseEvent(scimEvent('ScimGroupChanged', { eventId: 'g1:8', groupId: 'g1' }));

    expect(parsed).toMatchObject({ kind: 'group', source: 'scim', idpGroupId: 'g1' });
    expect(parsed).not.toHaveProperty('memberIds');
  });

  it('ignores a SCIM detail-type it does not know, saying why', () => {
    expect(parseEvent(scimEvent('ScimTokenRotated' as 'ScimUserChanged', { userId: 'u1' }))).toMatchObject({ kind: 'ignored', source: 'scim', reason: expect.stringContaining('ScimTokenRotated') });
  });

  it.each([
    ['a user event without userId', 'ScimUserChanged', { userId: undefined }, 'detail.userId'],
    ['an empty userId', 'ScimUserChanged', { userId: '' }, 'detail.userId'],
    ['a time that is not RFC 3339', 'ScimUserChanged', { userId: 'u1', occurredAt: 'yesterday' }, 'detail.occurredAt'],
    ['a group event without groupId', 'ScimGroupChanged', { groupId: undefined }, 'detail.groupId'],
    ['memberIds that is not a list', 'ScimGroupChanged', { groupId: 'g1', memberIds: 'u1' }, 'detail.memberIds'],
    ['an empty member id', 'ScimGroupChanged', { groupId: 'g1', memberIds: ['u1', ''] }, 'detail.memberIds[1]'],
  ] as const)('makes %s poison naming the field', (_, type, detail, field) => {
    const error = poisonFrom(() => parseEvent(scimEvent(type, { eventId: 'e1', ...(detail as Record<string, unknown>) })));

    expect(error.errorClass).toBe('MalformedEvent');
    expect(error.field).toBe(field);
  });
});
