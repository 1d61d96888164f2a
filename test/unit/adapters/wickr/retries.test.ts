import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import type { AttemptInfo } from '../../../../src/adapters/wickr';
import { NETWORK_ID, type Reply, scriptedClient, START } from './helpers';

const throttled = (headers: Record<string, string> = {}): Reply => ({ status: 429, headers: { 'x-amzn-errortype': 'RateLimitError', ...headers }, body: { message: 'Rate exceeded' } });
const ok: Reply = { status: 200, body: { networkId: NETWORK_ID } };

describe('WickrClient retries', () => {
  it('rides out a 429 storm with growing jittered backoff and succeeds, with no retry quota', async () => {
    // Prepare: 30 throttles in a row would exhaust a 3-attempt or quota-based strategy.
    const attempts: AttemptInfo[] = [];
    const { client, transport, clock } = scriptedClient([...Array<Reply>(30).fill(throttled()), ok], { onAttempt: (info) => attempts.push(info) });

    // Act
    const network = await client.getNetwork({ networkId: NETWORK_ID }, { deadline: START + 600_000 });

    // Assess
    expect(network).toEqual({ networkId: NETWORK_ID });
    expect(transport.requests).toHaveLength(31);
    // random() = 0.5: half of min(500 * 2^i, 20 000).
    expect(clock.sleeps.slice(0, 7)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10000]);
    expect(Math.max(...clock.sleeps)).toBe(10000);
    expect(attempts.filter((a) => a.throttled && a.willRetry)).toHaveLength(30);
    expect(attempts.at(-1)).toEqual({ operation: 'GetNetwork', attempt: 31, statusCode: 200, throttled: false, durationMs: 0, willRetry: false });
  });

  it.each([
    ['seconds', '3', 3_000],
    ['an HTTP date', new Date(START + 4_000).toUTCString(), 4_000],
    ['a huge value, capped at 20 s', '3600', 20_000],
  ])('waits out Retry-After given as %s when it is longer than the jittered backoff', async (_, retryAfter, floor) => {
    // Prepare
    const { client, clock } = scriptedClient([throttled({ 'retry-after': retryAfter }), ok]);

    // Act
    await client.getNetwork({ networkId: NETWORK_ID }, { deadline: START + 60_000 });

    // Assess: random() = 0.5 of the first throttling window (500 ms) is 250 ms, shorter than Retry-After.
    expect(clock.sleeps).toEqual([floor]);
  });

  it('uses the backoff alone when Retry-After is 0', async () => {
    // Prepare
    const { client, clock } = scriptedClient([throttled({ 'retry-after': '0' }), ok], { random: () => 0.9 });

    // Act
    await client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    expect(clock.sleeps).toEqual([450]);
  });

  it.each([
    [400, 'BadRequestError'],
    [401, 'UnauthorizedError'],
    [403, 'ForbiddenError'],
    [404, 'ResourceNotFoundError'],
    [422, 'ValidationError'],
  ])('never retries HTTP %i %s', async (status, code) => {
    // Prepare
    const attempts: AttemptInfo[] = [];
    const { client, transport, clock } = scriptedClient([{ status, headers: { 'x-amzn-errortype': code }, body: { message: 'x' } }, ok], {
      onAttempt: (info) => attempts.push(info),
    });

    // Act
    const call = client.updateUser({ networkId: NETWORK_ID, userId: '1', userDetails: { securityGroupIds: ['a', 'b'] } });

    // Assess
    await expect(call).rejects.toMatchObject({ code, statusCode: status, retryable: false });
    expect(transport.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: status, code, willRetry: false })]);
  });

  it.each([
    ['HTTP 500', { status: 500, body: { __type: 'InternalServerError', message: 'boom' } } as Reply, 'InternalServerError'],
    ['HTTP 503', { status: 503, body: '' } as Reply, 'UnknownError'],
    ['a connection reset', { error: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) } as Reply, 'NetworkError'],
  ])('retries %s up to maxAttempts and then throws it', async (_, reply, code) => {
    // Prepare
    const { client, transport, clock } = scriptedClient([reply], { maxAttempts: 4 });

    // Act
    const call = client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    await expect(call).rejects.toMatchObject({ kind: 'TRANSIENT', code });
    expect(transport.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it('recovers from a transient error followed by success', async () => {
    const { client, transport } = scriptedClient([{ status: 502, body: '' }, ok]);
    await expect(client.getNetwork({ networkId: NETWORK_ID })).resolves.toEqual({ networkId: NETWORK_ID });
    expect(transport.requests).toHaveLength(2);
  });

  it('stops at the deadline with DeadlineExceeded (TRANSIENT), never sleeping past it', async () => {
    // Prepare
    const attempts: AttemptInfo[] = [];
    const { client, transport, clock } = scriptedClient([throttled()], { onAttempt: (info) => attempts.push(info) });

    // Act
    const call = client.getNetwork({ networkId: NETWORK_ID }, { deadline: START + 5_000 });

    // Assess
    const error = await call.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WickrApiError', kind: 'TRANSIENT', code: 'DeadlineExceeded', retryable: true });
    expect((error as Error).cause).toMatchObject({ code: 'RateLimitError' });
    // 250 + 500 + 1000 + 2000 = 3750; the next backoff (4000) would end after the deadline.
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000]);
    expect(clock.now()).toBeLessThan(START + 5_000);
    expect(transport.requests).toHaveLength(5);
    expect(attempts.at(-1)).toMatchObject({ attempt: 5, willRetry: false, throttled: true });
  });

  it('bounds a call without a deadline by callTimeoutMs', async () => {
    const { client, clock } = scriptedClient([throttled()], { callTimeoutMs: 2_000 });
    await expect(client.getNetwork({ networkId: NETWORK_ID })).rejects.toMatchObject({ code: 'DeadlineExceeded' });
    expect(clock.now()).toBeLessThan(START + 2_000);
  });

  it('sends no request when the deadline has already passed', async () => {
    const { client, transport } = scriptedClient([ok]);
    await expect(client.getNetwork({ networkId: NETWORK_ID }, { deadline: START - 1 })).rejects.toMatchObject({ code: 'DeadlineExceeded' });
    expect(transport.requests).toHaveLength(0);
  });

  it('ends the call with Aborted when the caller aborts during a backoff', async () => {
    // Prepare: a sleep that only ends when aborted, and an abort once the first retry is scheduled.
    const controller = new AbortController();
    const sleep = (_: number, signal?: AbortSignal) => new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    const { client, transport } = scriptedClient([throttled(), ok], { sleep, onAttempt: (info) => info.willRetry && controller.abort() });

    // Act
    const call = client.getNetwork({ networkId: NETWORK_ID }, { signal: controller.signal });

    // Assess
    await expect(call).rejects.toMatchObject({ kind: 'TRANSIENT', code: 'Aborted' });
    expect(transport.requests).toHaveLength(1);
  });

  it('keeps the same X-Client-Token on every retry of one call and a new one per call', async () => {
    // Prepare
    const { client, transport } = scriptedClient([throttled(), { status: 500, body: '' }, { status: 200, body: {} }, { status: 200, body: {} }]);

    // Act
    await client.batchToggleUserSuspendStatus({ networkId: NETWORK_ID, suspend: true, userIds: ['1'] });
    await client.batchToggleUserSuspendStatus({ networkId: NETWORK_ID, suspend: true, userIds: ['1'] });

    // Assess
    const tokens = transport.requests.map((r) => r.headers['x-client-token']);
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens.slice(0, 3)).size).toBe(1);
    expect(tokens[3]).not.toBe(tokens[0]);
  });

  it('signs every attempt afresh with the current date', async () => {
    // Prepare
    const { client, transport } = scriptedClient([throttled({ 'retry-after': '2' }), ok]);

    // Act
    await client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    const [first, second] = transport.requests;
    expect(first.headers['x-amz-date']).toBe('20260101T000000Z');
    expect(second.headers['x-amz-date']).toBe('20260101T000002Z');
    expect(second.headers.authorization).not.toBe(first.headers.authorization);
  });

  it('ignores an onAttempt hook that throws', async () => {
    const { client } = scriptedClient([ok], {
      onAttempt: () => {
        throw new Error('metrics down');
      },
    });
    await expect(client.getNetwork({ networkId: NETWORK_ID })).resolves.toEqual({ networkId: NETWORK_ID });
  });
});

describe('WickrClient with a pluggable RetryStrategyV2', () => {
  /** A strategy that allows `retries` retries with no delay and records what it was told. */
  function countingStrategy(retries: number) {
    const seen: RetryErrorInfo[] = [];
    const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
    const strategy: RetryStrategyV2 & { seen: RetryErrorInfo[]; successes: number } = {
      seen,
      successes: 0,
      acquireInitialRetryToken: async () => token(0),
      refreshRetryTokenForRetry: async (previous, info) => {
        seen.push(info);
        if (previous.getRetryCount() >= retries) throw new Error('No retry token available');
        return token(previous.getRetryCount() + 1);
      },
      recordSuccess: () => {
        strategy.successes += 1;
      },
    };
    return strategy;
  }

  it('lets the plugged strategy refuse and throws the last error (a quota-limited storm gives up)', async () => {
    // Prepare
    const strategy = countingStrategy(2);
    const { client, transport } = scriptedClient([throttled({ 'retry-after': '1' })], { retryStrategy: strategy });

    // Act
    const call = client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    await expect(call).rejects.toMatchObject({ kind: 'THROTTLING', code: 'RateLimitError' });
    expect(transport.requests).toHaveLength(3);
    expect(strategy.seen.map((i) => i.errorType)).toEqual(['THROTTLING', 'THROTTLING', 'THROTTLING']);
    expect(strategy.seen[0].retryAfterHint).toEqual(new Date(START + 1_000));
  });

  it('tells the strategy TRANSIENT for 5xx and records the success', async () => {
    // Prepare
    const strategy = countingStrategy(5);
    const { client } = scriptedClient([{ status: 503, body: '' }, ok], { retryStrategy: strategy });

    // Act
    await client.getNetwork({ networkId: NETWORK_ID });

    // Assess
    expect(strategy.seen.map((i) => i.errorType)).toEqual(['TRANSIENT']);
    expect(strategy.successes).toBe(1);
  });

  it('never asks the strategy about a non-retryable error', async () => {
    const strategy = countingStrategy(5);
    const { client } = scriptedClient([{ status: 422, body: { __type: 'ValidationError' } }], { retryStrategy: strategy });
    await expect(client.getNetwork({ networkId: NETWORK_ID })).rejects.toMatchObject({ kind: 'INVALID' });
    expect(strategy.seen).toEqual([]);
  });
});
