import model from './fixtures/service-2.json';
import * as ops from '../../../../src/adapters/wickr/operations';
import type { OperationRequest } from '../../../../src/adapters/wickr/operations';

// Every serializer against the published model (a byte-for-byte copy of shared/wickr-model/service-2.json):
// method, path template, header members and where the other members go.

type Member = { shape: string; location?: string; locationName?: string };
type Shape = { members?: Record<string, Member>; required?: string[] };
const shapes = model.shapes as unknown as Record<string, Shape>;
const operations = model.operations as unknown as Record<string, { http: { method: string; requestUri: string }; input: { shape: string } }>;

const NETWORK = '12345678';
const CASES: [string, OperationRequest][] = [
  ['UpdateUser', ops.serializeUpdateUser({ networkId: NETWORK, userId: '7', userDetails: { firstName: 'A' } })],
  ['GetUser', ops.serializeGetUser({ networkId: NETWORK, userId: '7', startTime: 1, endTime: 2 })],
  [
    'ListUsers',
    ops.serializeListUsers({
      networkId: NETWORK,
      maxResults: 100,
      nextToken: 't',
      username: 'u',
      status: 1,
      groupId: 'g',
      sortFields: 'username',
      sortDirection: 'ASC',
      firstName: 'f',
      lastName: 'l',
    }),
  ],
  ['ListSecurityGroups', ops.serializeListSecurityGroups({ networkId: NETWORK, maxResults: 10, nextToken: 't', sortFields: 'id', sortDirection: 'ASC' })],
  ['BatchToggleUserSuspendStatus', ops.serializeBatchToggleUserSuspendStatus({ networkId: NETWORK, suspend: true, userIds: ['7'], clientToken: 'c' })],
  ['GetNetwork', ops.serializeGetNetwork({ networkId: NETWORK })],
  ['BatchCreateUser', ops.serializeBatchCreateUser({ networkId: NETWORK, users: [{ username: 'u', securityGroupIds: ['g'] }], clientToken: 'c' })],
  ['BatchReinviteUser', ops.serializeBatchReinviteUser({ networkId: NETWORK, userIds: ['7'], clientToken: 'c' })],
  ['BatchDeleteUser', ops.serializeBatchDeleteUser({ networkId: NETWORK, userIds: ['7'], clientToken: 'c' })],
  ['GetUsersCount', ops.serializeGetUsersCount({ networkId: NETWORK })],
];

describe('serializers against the Wickr model', () => {
  it.each(CASES)('%s uses the model method, path, query, header and body members', (name, request) => {
    // Prepare
    const { http, input } = operations[name];
    const members = shapes[input.shape].members ?? {};
    const byLocation = (location?: string): string[] =>
      Object.entries(members)
        .filter(([, m]) => m.location === location)
        .map(([member, m]) => m.locationName ?? member);

    // Assess
    expect(request.operation).toBe(name);
    expect(request.method).toBe(http.method);
    expect(request.path).toBe(http.requestUri.replace('{networkId}', NETWORK).replace('{userId}', '7'));
    expect(byLocation('querystring')).toEqual(expect.arrayContaining(Object.keys(request.query)));
    expect(byLocation('header').map((h) => h.toLowerCase())).toEqual(expect.arrayContaining(Object.keys(request.headers)));
    expect(byLocation(undefined)).toEqual(expect.arrayContaining(Object.keys(request.body ?? {})));
    const requiredBody = (shapes[input.shape].required ?? []).filter((member) => members[member].location === undefined);
    expect(Object.keys(request.body ?? {})).toEqual(expect.arrayContaining(requiredBody));
  });

  it('sends the BatchCreateUser item members the model has, and its required ones', () => {
    // Prepare
    const item = shapes.BatchCreateUserRequestItem;
    const request = ops.serializeBatchCreateUser({ networkId: NETWORK, users: [{ username: 'u', firstName: 'F', lastName: 'L', securityGroupIds: ['g'] }], clientToken: 'c' });
    const sent = (request.body as { users: Record<string, unknown>[] }).users[0];

    // Assess
    expect(Object.keys(item.members ?? {})).toEqual(expect.arrayContaining(Object.keys(sent)));
    expect(Object.keys(sent)).toEqual(expect.arrayContaining(item.required ?? []));
  });
});
