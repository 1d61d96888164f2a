import { decideFault, injectedErrorResponse } from '../../../../local/wickr-emulator/faults';

function scripted(values: number[]): { random: () => number; left: () => number } {
  const queue = [...values];
  return {
    random: () => {
      const v = queue.shift();
      if (v === undefined) throw new Error('drew more than scripted');
      return v;
    },
    left: () => queue.length,
  };
}

describe('Function: decideFault()', () => {
  it('draws nothing when no faults are configured', () => {
    const draws = scripted([]);

    expect(decideFault(undefined, draws.random)).toEqual({ kind: 'proceed', latencyMs: 0 });
    expect(decideFault({}, draws.random)).toEqual({ kind: 'proceed', latencyMs: 0 });
  });

  it('draws reset, then latency, then error, in that order', () => {
    const draws = scripted([0.9, 0.25, 0.05]);

    const decision = decideFault({ resetRate: 0.1, latencyMs: { min: 100, max: 200 }, errorRate: { '500': 0.1 } }, draws.random);

    expect(decision).toEqual({ kind: 'proceed', latencyMs: 125, errorStatus: 500 });
    expect(draws.left()).toBe(0);
  });

  it('stops at the reset draw when the socket is to be destroyed', () => {
    const draws = scripted([0.05]);

    expect(decideFault({ resetRate: 0.1, errorRate: { '500': 1 } }, draws.random)).toEqual({ kind: 'reset' });
  });

  it('uses the fixed latency without a draw when min equals max', () => {
    const draws = scripted([]);

    expect(decideFault({ latencyMs: { min: 40, max: 40 } }, draws.random)).toEqual({ kind: 'proceed', latencyMs: 40 });
  });

  it.each<[number, number | undefined]>([
    [0.0, 500],
    [0.099, 500],
    [0.1, 503],
    [0.299, 503],
    [0.301, undefined],
  ])('maps the draw %f over cumulative rates to %p', (draw, status) => {
    const decision = decideFault({ errorRate: { '503': 0.2, '500': 0.1 } }, scripted([draw]).random);

    expect(decision).toEqual({ kind: 'proceed', latencyMs: 0, ...(status ? { errorStatus: status } : {}) });
  });
});

describe('Function: injectedErrorResponse()', () => {
  it.each<[number, number, string]>([
    [500, 500, 'InternalServerError'],
    [502, 502, 'BadGatewayException:http://internal.amazon.com/coral/com.amazon.coral.service/'],
    [503, 503, 'ServiceUnavailableException:http://internal.amazon.com/coral/com.amazon.coral.service/'],
    [504, 504, 'GatewayTimeoutException:http://internal.amazon.com/coral/com.amazon.coral.service/'],
  ])('answers an injected %i with status %i and error type %s', (injected, status, errorType) => {
    const response = injectedErrorResponse(injected);

    expect(response.status).toBe(status);
    expect(response.headers?.['X-Amzn-ErrorType']).toBe(errorType);
  });
});
