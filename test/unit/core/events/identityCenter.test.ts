import { MASKED, parseEvent } from '../../../../src/core/events';
import { type Envelope, idpSample, iicEvent, poisonFrom } from '../../../helpers/events';

function withDetail(event: Envelope, patch: Record<string, unknown>): Envelope {
  return { ...event, detail: { ...event.detail, ...patch } };
}

describe('parseEvent: Identity Center (CloudTrail)', () => {
  it('turns CreateGroupMembership (iic-1) into a user trigger that teaches the membership id', () => {
    expect(parseEvent(idpSample('iic-1.envelope.json'))).toEqual({
      kind: 'user',
      source: 'identity-center',
      eventId: 'c0b9b84d-d8d1-47c5-9ac3-c80268b14a26',
      eventType: 'CreateGroupMembership',
      occurredAt: '2025-11-14T14:07:31.000Z',
      user: { by: 'id', idpUserId: '117b5560-c041-70cf-2973-8b2ec16f4d4e' },
      learnedMembership: { membershipId: 'b11b6590-0001-70a6-b71d-b5c7cc91af9d', idpUserId: '117b5560-c041-70cf-2973-8b2ec16f4d4e' },
    });
  });

  it('turns DeleteGroupMembership (iic-2) into a trigger by membership id', () => {
    expect(parseEvent(idpSample('iic-2.envelope.json'))).toEqual({
      kind: 'user',
      source: 'identity-center',
      eventId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
      eventType: 'DeleteGroupMembership',
      occurredAt: '2025-11-14T15:10:02.000Z',
      user: { by: 'membership', membershipId: 'b11b6590-0001-70a6-b71d-b5c7cc91af9d' },
    });
  });

  it.each([
    ['iic-3.envelope.json', 'AddMemberToGroup', '94e80458-9021-70ea-08fa-c3a10a1d8a92'],
    ['iic-4.envelope.json', 'UpdateUser', 'c4488478-a0e1-700e-3d75-96c6bb641596'],
    ['iic-5.envelope.json', 'DisableUser', '93670dc30f-6d321996-eab8-4d2e-9f41-0db53b051a5b'],
  ])('turns %s (%s) into a user trigger by id', (file, eventType, idpUserId) => {
    expect(parseEvent(idpSample(file))).toMatchObject({ kind: 'user', source: 'identity-center', eventType, user: { by: 'id', idpUserId } });
  });

  it('turns a SCIM PatchGroup (iic-6) into a group trigger and never reads the masked body', () => {
    expect(parseEvent(idpSample('iic-6.envelope.json'))).toEqual({
      kind: 'group',
      source: 'identity-center',
      eventId: '6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f',
      eventType: 'PatchGroup',
      occurredAt: '2024-10-10T13:23:45.000Z',
      idpGroupId: '34887428-4081-7042-c3c6-928d413009e7',
    });
  });

  it.each([
    ['AddMemberToGroup', 'sso-directory.amazonaws.com'],
    ['RemoveMemberFromGroup', 'sso-directory.amazonaws.com'],
    ['UpdateUser', 'identitystore.amazonaws.com'],
    ['UpdateUser', 'sso-directory.amazonaws.com'],
    ['DisableUser', 'sso-directory.amazonaws.com'],
    ['EnableUser', 'sso-directory.amazonaws.com'],
    ['CreateGroupMembership', 'identitystore.amazonaws.com'],
    ['PatchUser', 'identitystore-scim.amazonaws.com'],
  ])('triggers the user named by %s from %s', (eventName, eventSource) => {
    const parsed = parseEvent(iicEvent({ eventName, eventSource, userId: 'user-1', eventID: 'ev-1', eventTime: '2025-01-02T03:04:05Z' }));
    expect(parsed).toMatchObject({
      kind: 'user',
      eventId: 'ev-1',
      eventType: eventName,
      occurredAt: '2025-01-02T03:04:05.000Z',
      user: { by: 'id', idpUserId: 'user-1' },
    });
    expect(parsed).not.toHaveProperty('deleted');
  });

  it.each(['identitystore.amazonaws.com', 'sso-directory.amazonaws.com', 'identitystore-scim.amazonaws.com'])('marks DeleteUser from %s as a deletion', (eventSource) => {
    expect(parseEvent(iicEvent({ eventName: 'DeleteUser', eventSource, userId: 'user-9' }))).toMatchObject({
      kind: 'user',
      deleted: true,
      user: { by: 'id', idpUserId: 'user-9' },
    });
  });

  it('accepts userId in place of id on a SCIM PatchUser', () => {
    const event = iicEvent({ eventName: 'PatchUser', userId: 'ignored' });
    const patched = withDetail(event, { requestParameters: { httpBody: { operations: MASKED }, userId: 'user-2' } });
    expect(parseEvent(patched)).toMatchObject({ user: { by: 'id', idpUserId: 'user-2' } });
  });

  it('leaves learnedMembership out when CreateGroupMembership has no response', () => {
    const event = withDetail(iicEvent({ eventName: 'CreateGroupMembership', userId: 'user-1' }), { responseElements: null });
    const parsed = parseEvent(event);
    expect(parsed).toMatchObject({ kind: 'user', user: { idpUserId: 'user-1' } });
    expect(parsed).not.toHaveProperty('learnedMembership');
  });

  it.each(['AccessDenied', 'ResourceNotFoundException', 'ValidationException'])('ignores a call that failed with %s', (errorCode) => {
    const parsed = parseEvent(iicEvent({ eventName: 'CreateGroupMembership', errorCode, eventID: 'ev-2' }));
    expect(parsed).toMatchObject({ kind: 'ignored', source: 'identity-center', eventId: 'ev-2', eventType: 'CreateGroupMembership' });
  });

  it('ignores a failed call even when its parameters are missing', () => {
    const event = withDetail(iicEvent({ eventName: 'DeleteUser', errorCode: 'AccessDenied' }), { requestParameters: null });
    expect(parseEvent(event).kind).toBe('ignored');
  });

  it.each<[string, string | undefined]>([
    ['CreateUser', undefined],
    ['CreateGroup', undefined],
    ['DescribeUser', undefined],
    ['PutUser', 'identitystore-scim.amazonaws.com'],
    ['PatchGroup', 'identitystore.amazonaws.com'],
    ['CreateGroupMembership', 'identitystore-scim.amazonaws.com'],
    ['UpdateUser', 'sso.amazonaws.com'],
  ])('ignores %s from %s', (eventName, eventSource) => {
    expect(parseEvent(iicEvent({ eventName, eventSource })).kind).toBe('ignored');
  });

  it('ignores native Identity Store notifications (not CloudTrail)', () => {
    expect(parseEvent(idpSample('iic-native-notification.envelope.json'))).toMatchObject({ kind: 'ignored', source: 'identity-center' });
  });

  it.each<[string, string, Record<string, unknown>, string]>([
    ['CreateGroupMembership', 'no memberId', { requestParameters: { groupId: 'g' } }, 'detail.requestParameters.memberId'],
    ['CreateGroupMembership', 'a masked userId', { requestParameters: { memberId: { userId: MASKED } } }, 'detail.requestParameters.memberId.userId'],
    ['DeleteGroupMembership', 'no membershipId', { requestParameters: { identityStoreId: 'd-1' } }, 'detail.requestParameters.membershipId'],
    ['AddMemberToGroup', 'the identitystore member shape', { requestParameters: { memberId: { userId: 'u' } } }, 'detail.requestParameters.member'],
    ['DisableUser', 'no requestParameters', { requestParameters: null }, 'detail.requestParameters'],
    ['UpdateUser', 'an empty userId', { requestParameters: { userId: '' } }, 'detail.requestParameters.userId'],
    ['PatchUser', 'neither id nor userId', { requestParameters: { httpBody: {} } }, 'detail.requestParameters.id'],
    ['PatchGroup', 'a masked id', { requestParameters: { id: MASKED } }, 'detail.requestParameters.id'],
    ['UpdateUser', 'no eventID', { eventID: undefined }, 'detail.eventID'],
    ['UpdateUser', 'a malformed eventTime', { eventTime: 'yesterday' }, 'detail.eventTime'],
  ])('poisons %s with %s, naming the field', (eventName, _name, patch, field) => {
    // Prepare
    const event = withDetail(iicEvent({ eventName }), patch);

    // Act
    const error = poisonFrom(() => parseEvent(event));

    // Assess
    expect(error).toMatchObject({ errorClass: 'MalformedEvent', field });
    expect(error.message).toContain(field);
  });

  it('poisons a CloudTrail event without eventName', () => {
    const event = withDetail(iicEvent({ eventName: 'UpdateUser' }), { eventName: undefined });
    expect(poisonFrom(() => parseEvent(event)).field).toBe('detail.eventName');
  });
});
