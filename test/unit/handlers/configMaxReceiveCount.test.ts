import { ConfigError } from '../../../src/core/errors';
import { DEFAULT_MAX_RECEIVE_COUNT, readConfig } from '../../../src/handlers/config';

const base = { WICKR_NETWORK_ID: '12345678', WICKR_REGION: 'us-east-1', MAPPING_PARAMETER_NAME: '/m', STATE_TABLE_NAME: 's', QUEUE_URL: 'http://q', DLQ_URL: 'http://dlq' };

describe('Function: readConfig(), MAX_RECEIVE_COUNT', () => {
  it('reads the queue retry budget the stack passes in, defaulting to the documented 20', () => {
    expect(readConfig(base).maxReceiveCount).toBe(DEFAULT_MAX_RECEIVE_COUNT);
    expect(DEFAULT_MAX_RECEIVE_COUNT).toBe(20);
    expect(readConfig({ ...base, MAX_RECEIVE_COUNT: '7' }).maxReceiveCount).toBe(7);
  });

  it.each(['0', '1001', 'many'])('rejects %p with a message naming the variable', (value) => {
    expect(() => readConfig({ ...base, MAX_RECEIVE_COUNT: value })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, MAX_RECEIVE_COUNT: value })).toThrow('MAX_RECEIVE_COUNT: expected an integer from 5 to 1000');
  });
});
