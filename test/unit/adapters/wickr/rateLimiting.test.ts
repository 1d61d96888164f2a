import type { RateLimiter } from '@smithy/util-retry';
import { scriptedClient } from './helpers';

/** A limiter that records what the client tells it. */
function recordingLimiter(): RateLimiter & { sends: number; updates: unknown[] } {
  const limiter = {
    sends: 0,
    updates: [] as unknown[],
    async getSendToken() {
      limiter.sends += 1;
    },
    updateClientSendingRate(info: unknown) {
      limiter.updates.push(info);
    },
  };
  return limiter;
}

const throttled = { status: 429, headers: { 'x-amzn-errortype': 'RateLimitError' }, body: { message: 'slow down' } };
const ok = { status: 200, body: { userId: '1', networkId: '12345678', suspended: false } };

describe('WickrClient rate limiting', () => {
  it('asks the limiter before every attempt, retries included, and reports throttling to it', async () => {
    const limiter = recordingLimiter();
    const { client } = scriptedClient([throttled, throttled, ok], { rateLimiter: limiter });
    await client.getUser({ networkId: '12345678', userId: '1' });
    expect(limiter.sends).toBe(3);
    expect(limiter.updates).toEqual([{ errorType: 'THROTTLING' }, { errorType: 'THROTTLING' }, {}]);
  });
});
