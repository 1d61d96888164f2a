import { fromFunctionResult, toHttpApiEvent } from '../../../../../local/stack/scim/httpEvent';
import { scimSeedItems, scimSeedSchema } from '../../../../../local/stack/scim/seed';
import { nameKey } from '../../../../../src/core/scim/names';

describe('local SCIM server: HTTP ↔ API Gateway HTTP API events', () => {
  it('turns a request into a payload format 2.0 event with the route, query and body', () => {
    const event = toHttpApiEvent({
      method: 'PATCH',
      url: '/scim/v2/Groups/g-1?aadOptscim062020&filter=a',
      headers: { host: '127.0.0.1:8790', authorization: 'Bearer t', 'content-type': 'application/scim+json' },
      body: Buffer.from('{"Operations":[]}'),
      sourceIp: '127.0.0.1',
    });
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /scim/v2/{proxy+}',
      rawPath: '/scim/v2/Groups/g-1',
      rawQueryString: 'aadOptscim062020&filter=a',
      queryStringParameters: { aadOptscim062020: '', filter: 'a' },
      pathParameters: { proxy: 'Groups/g-1' },
      body: '{"Operations":[]}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'PATCH', path: '/scim/v2/Groups/g-1' }, domainName: '127.0.0.1:8790', stage: '$default' },
    });
    expect(event.headers).toMatchObject({ authorization: 'Bearer t', 'x-forwarded-proto': 'http' });
  });

  it('routes the base URL itself to ANY /scim/v2 and sends no body for an empty one', () => {
    const event = toHttpApiEvent({ method: 'GET', url: '/scim/v2', headers: {}, body: Buffer.alloc(0), sourceIp: '::1' });
    expect(event.routeKey).toBe('ANY /scim/v2');
    expect(event.body).toBeUndefined();
    expect(event.pathParameters).toBeUndefined();
  });

  it("answers a function's structured result as it is, and a failed invocation as API Gateway's 500", () => {
    expect(fromFunctionResult({ kind: 'returned', response: { statusCode: 204, headers: { 'Content-Type': 'application/scim+json' } } })).toEqual({
      status: 204,
      headers: { 'Content-Type': 'application/scim+json' },
      body: Buffer.alloc(0),
    });
    expect(fromFunctionResult({ kind: 'timedOut' })).toMatchObject({ status: 500 });
  });
});

describe('local SCIM seed', () => {
  const seed = scimSeedSchema.parse({
    users: [{ id: 'u-1', userName: 'Bob@Example.com', emails: [{ value: 'bob@example.com', type: 'work' }] }],
    groups: [{ id: 'g-1', displayName: 'Wickr Engineering', members: ['u-1'] }],
  });

  it('writes the user, the group, both sides of the membership and the name items, and no outbox entry', () => {
    const keys = scimSeedItems(seed, '2026-12-06T00:00:00.000Z').map((i) => `${i.pk?.S} ${i.sk?.S}`);
    expect(keys.sort()).toEqual(
      [
        'user#u-1 user',
        `userName#${nameKey('bob@example.com')} userName`,
        'group#g-1 group',
        `displayName#${nameKey('wickr engineering')} displayName`,
        'group#g-1 member#u-1',
        'user#u-1 memberOf#g-1',
      ].sort(),
    );
  });

  it('refuses a member that is not a seed user, and two users whose names differ only in case', () => {
    expect(scimSeedSchema.safeParse({ groups: [{ id: 'g', displayName: 'G', members: ['nobody'] }] }).success).toBe(false);
    expect(
      scimSeedSchema.safeParse({
        users: [
          { id: 'a', userName: 'x@example.com' },
          { id: 'b', userName: 'X@example.com ' },
        ],
      }).success,
    ).toBe(false);
  });
});
