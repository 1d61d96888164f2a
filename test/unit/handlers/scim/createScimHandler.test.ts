import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ConfigError } from '../../../../src/core/errors';
import { readScimConfig } from '../../../../src/handlers/scim/config';
import { createScimHandler } from '../../../../src/handlers/scim/createScimHandler';
import { toScimRequest } from '../../../../src/handlers/scim/httpEvent';
import { FakePublisher, FakeScimStore, FakeTokenStore, TOKEN } from '../../core/scim/fakes';
import { storeToken } from '../../../../src/core/scim/tokens';

const event = (method: string, rawPath: string, options: { body?: string; base64?: boolean; headers?: Record<string, string> } = {}) =>
  ({
    rawPath,
    headers: { authorization: `Bearer ${TOKEN}`, ...options.headers },
    requestContext: { domainName: 'abc.execute-api.eu-west-1.amazonaws.com', http: { method, path: rawPath } },
    body: options.base64 && options.body ? Buffer.from(options.body).toString('base64') : options.body,
    isBase64Encoded: options.base64 ?? false,
  }) as unknown as APIGatewayProxyEventV2;

describe('SCIM handler', () => {
  async function setUp() {
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const store = new FakeScimStore();
    const publisher = new FakePublisher();
    const tokens = new FakeTokenStore();
    await storeToken(tokens, TOKEN, { now: Date.now() });
    const logged: unknown[] = [];
    const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
    jest.spyOn(logger, 'info').mockImplementation((...args: unknown[]) => void logged.push(args));
    const handler = createScimHandler({
      config: { tableName: 't', eventBusName: 'b', ratePerSecond: 100, burst: 100, tokenCacheSeconds: 60 },
      store,
      publisher,
      tokens,
      logger,
      metrics: new Metrics({ namespace: 'test' }),
    });
    const call = async (e: APIGatewayProxyEventV2) => (await handler(e, {} as Context)) as APIGatewayProxyStructuredResultV2;
    return { store, publisher, call, handler, logged };
  }

  it('answers every response as application/scim+json, 204 included, with the stage in Location', async () => {
    const { call } = await setUp();
    const created = await call(event('POST', '/prod/scim/v2/Users', { body: JSON.stringify({ userName: 'ana@example.com' }), base64: true }));
    expect(created.statusCode).toBe(201);
    const id = JSON.parse(created.body as string).id;
    expect(created.headers?.Location).toBe(`https://abc.execute-api.eu-west-1.amazonaws.com/prod/scim/v2/Users/${id}`);
    const deleted = await call(event('DELETE', `/prod/scim/v2/Users/${id}`));
    expect(deleted).toEqual({ statusCode: 204, headers: { 'Content-Type': 'application/scim+json' } });
    const outside = await call(event('GET', '/other'));
    expect(outside.statusCode).toBe(404);
    expect(outside.headers?.['Content-Type']).toBe('application/scim+json');
  });

  it('logs the route and status, never the filter or the body', async () => {
    const { call, logged } = await setUp();
    await call({ ...event('GET', '/scim/v2/Users'), queryStringParameters: { filter: 'userName eq "secret@example.com"' } });
    expect(JSON.stringify(logged)).not.toContain('secret@example.com');
    expect(logged).toContainEqual(['ScimRequest', expect.objectContaining({ route: 'GET /Users', status: 200 })]);
  });

  it('drains the outbox on a scheduled event', async () => {
    const { call, handler, publisher, store } = await setUp();
    publisher.failNext.push('throw');
    await call(event('POST', '/scim/v2/Users', { body: JSON.stringify({ userName: 'ana@example.com' }) }));
    expect(store.outbox.size).toBe(1);
    const entry = [...store.outbox.values()][0];
    store.outbox.set(entry.eventId, { ...entry, createdAt: '2020-01-01T00:00:00.000Z' });
    expect(await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, {} as Context)).toEqual({ published: 1, failed: 0 });
    expect(store.outbox.size).toBe(0);
  });

  it('takes the base URL from X-Forwarded-Proto and the host when running locally', () => {
    const request = toScimRequest({
      ...event('GET', '/scim/v2/Users'),
      requestContext: { http: { method: 'GET', path: '/scim/v2/Users' } } as never,
      headers: { host: '127.0.0.1:8080', 'x-forwarded-proto': 'http' },
    });
    expect(request).toMatchObject({ baseUrl: 'http://127.0.0.1:8080/scim/v2', path: '/Users' });
    expect(toScimRequest(event('GET', '/scim/v2x/Users'))).toBeUndefined();
  });
});

describe('readScimConfig()', () => {
  it('reads the table, the bus and the limits, frozen', () => {
    const config = readScimConfig({ SCIM_TABLE_NAME: 't', EVENT_BUS_NAME: 'b', SCIM_RATE_PER_SECOND: '25' });
    expect(config).toEqual({ tableName: 't', eventBusName: 'b', ratePerSecond: 25, burst: 100, tokenCacheSeconds: 60 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ EVENT_BUS_NAME: 'b' }, 'SCIM_TABLE_NAME'],
    [{ SCIM_TABLE_NAME: 't' }, 'EVENT_BUS_NAME'],
    [{ SCIM_TABLE_NAME: 't', EVENT_BUS_NAME: 'b', SCIM_BURST: '0' }, 'SCIM_BURST'],
    [{ SCIM_TABLE_NAME: 't', EVENT_BUS_NAME: 'b', SCIM_TOKEN_CACHE_SECONDS: 'soon' }, 'SCIM_TOKEN_CACHE_SECONDS'],
  ])('refuses %j naming %s', (env, key) => {
    expect(() => readScimConfig(env)).toThrow(ConfigError);
    expect(() => readScimConfig(env)).toThrow(key);
  });
});
