import { resolveWickrEndpoint, WickrClient } from '../../../../src/adapters/wickr';
import { ConfigError } from '../../../../src/core/errors';
import endpointTests from './fixtures/endpoint-tests-1.json';

type EndpointCase = {
  documentation: string;
  params?: { Region?: string; UseFIPS?: boolean; UseDualStack?: boolean; Endpoint?: string };
  expect: { endpoint?: { url: string }; error?: string };
};

const cases = (endpointTests.testCases as EndpointCase[]).map((c) => [c.documentation, c] as const);

describe('resolveWickrEndpoint', () => {
  it.each(cases)('%s', (_, testCase) => {
    // Prepare
    const params = {
      region: testCase.params?.Region,
      useFips: testCase.params?.UseFIPS,
      useDualStack: testCase.params?.UseDualStack,
      endpoint: testCase.params?.Endpoint,
    };

    // Act
    const resolve = () => resolveWickrEndpoint(params);

    // Assess
    if (testCase.expect.error !== undefined) expect(resolve).toThrow(testCase.expect.error);
    else expect(resolve()).toBe(testCase.expect.endpoint?.url);
  });

  it('covers every case of the published endpoint tests', () => {
    expect(cases).toHaveLength(21);
  });

  it('keeps the port of a custom endpoint such as the local emulator', () => {
    expect(resolveWickrEndpoint({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4599' })).toBe('http://127.0.0.1:4599');
  });

  it('makes the client constructor throw a ConfigError for an invalid combination', () => {
    const build = () => new WickrClient({ region: 'us-east-1', endpoint: 'https://example.com', useFips: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow('FIPS and custom endpoint are not supported');
  });
});
