import { AdaptiveRetryStrategy, StandardRetryStrategy, MAXIMUM_RETRY_DELAY } from '@smithy/util-retry';
import { DeadlineRetryStrategy } from '../../../../src/adapters/wickr';
import { NETWORK_ID, scriptedClient } from './helpers';

const NOW = 1_000_000;

describe('DeadlineRetryStrategy', () => {
  it('computes full-jitter exponential backoff with the throttling base for THROTTLING', async () => {
    // Prepare
    const strategy = new DeadlineRetryStrategy({ random: () => 1 - Number.EPSILON, now: () => NOW });
    let token = await strategy.acquireInitialRetryToken();
    const delays: number[] = [];

    // Act
    for (let i = 0; i < 8; i += 1) {
      token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });
      delays.push(token.getRetryDelay());
    }

    // Assess: just under min(500 * 2^i, 20 000).
    expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15999, 19999, 19999]);
    expect(token.getRetryCount()).toBe(8);
  });

  it('draws the delay uniformly from zero (full jitter)', async () => {
    const strategy = new DeadlineRetryStrategy({ random: () => 0 });
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), { errorType: 'TRANSIENT' });
    expect(token.getRetryDelay()).toBe(0);
  });

  it('keeps retrying throttling far beyond maxAttempts: only the deadline ends it', async () => {
    // Prepare
    const strategy = new DeadlineRetryStrategy({ maxAttempts: 2, random: () => 0.5 });
    let token = await strategy.acquireInitialRetryToken();

    // Act
    for (let i = 0; i < 1_000; i += 1) token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });

    // Assess
    expect(token.getRetryCount()).toBe(1_000);
    expect(token.getRetryDelay()).toBe(MAXIMUM_RETRY_DELAY / 2);
  });

  it('limits TRANSIENT errors to maxAttempts attempts in total, throttles not counted', async () => {
    // Prepare
    const strategy = new DeadlineRetryStrategy({ maxAttempts: 3, random: () => 0.5 });
    let token = await strategy.acquireInitialRetryToken();

    // Act
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' });
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' });
    const third = strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' });

    // Assess
    await expect(third).rejects.toThrow('Transient attempts exhausted');
  });

  it('honours maxThrottledAttempts when one is set', async () => {
    const strategy = new DeadlineRetryStrategy({ maxThrottledAttempts: 2 });
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), { errorType: 'THROTTLING' });
    await expect(strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' })).rejects.toThrow('Throttled attempts exhausted');
  });

  it.each(['CLIENT_ERROR', 'SERVER_ERROR'] as const)('refuses %s', async (errorType) => {
    const strategy = new DeadlineRetryStrategy();
    await expect(strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), { errorType })).rejects.toThrow('Not retryable');
  });

  it.each([
    ['waits Retry-After when it is longer than the jittered backoff', 3_000, { maxRetryAfterMs: 20_000 }, 3_000],
    ['waits the jittered backoff when it is longer than Retry-After', 100, {}, 250],
    ['caps Retry-After at maxRetryAfterMs', 60_000, { maxRetryAfterMs: 5_000 }, 5_000],
    ['treats a Retry-After in the past as zero', -5_000, {}, 250],
  ])('%s', async (_, hintMs, options, expected) => {
    // Prepare
    const strategy = new DeadlineRetryStrategy({ random: () => 0.5, now: () => NOW, ...options });

    // Act
    const token = await strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(), {
      errorType: 'THROTTLING',
      retryAfterHint: new Date(NOW + hintMs),
    });

    // Assess
    expect(token.getRetryDelay()).toBe(expected);
  });
});

describe('smithy strategies plugged into WickrClient', () => {
  it.each([
    ['StandardRetryStrategy(3)', () => new StandardRetryStrategy(3)],
    ['AdaptiveRetryStrategy', () => new AdaptiveRetryStrategy(async () => 3)],
  ])('%s drives a successful call', async (_, make) => {
    const { client, transport } = scriptedClient([{ status: 200, body: { networkId: NETWORK_ID } }], { retryStrategy: make() });
    await expect(client.getNetwork({ networkId: NETWORK_ID })).resolves.toEqual({ networkId: NETWORK_ID });
    expect(transport.requests).toHaveLength(1);
  });

  it('StandardRetryStrategy does not retry a 422 either', async () => {
    const { client, transport } = scriptedClient([{ status: 422, body: { __type: 'ValidationError' } }], { retryStrategy: new StandardRetryStrategy(3) });
    await expect(client.getNetwork({ networkId: NETWORK_ID })).rejects.toMatchObject({ code: 'ValidationError' });
    expect(transport.requests).toHaveLength(1);
  });
});
