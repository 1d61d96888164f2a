import { nextLinkOf } from '../../../../src/adapters/okta/links';

describe('nextLinkOf()', () => {
  const base = 'https://example.okta.com/api/v1/users';

  it.each([
    [
      'separate headers joined by fetch',
      '<https://example.okta.com/api/v1/users?limit=2>; rel="self", <https://example.okta.com/api/v1/users?after=00u2&limit=2>; rel="next"',
      'https://example.okta.com/api/v1/users?after=00u2&limit=2',
    ],
    ['next first', '<https://example.okta.com/a?after=1>; rel="next", <https://example.okta.com/a>; rel="self"', 'https://example.okta.com/a?after=1'],
    ['unquoted rel and extra parameters', '<https://example.okta.com/a?after=1>; type="application/json"; rel=next', 'https://example.okta.com/a?after=1'],
    ['a relative link', '</api/v1/users?after=00u9>; rel="next"', 'https://example.okta.com/api/v1/users?after=00u9'],
    ['a comma inside the URL', '<https://example.okta.com/a?q=a,b&after=1>; rel="next"', 'https://example.okta.com/a?q=a,b&after=1'],
  ])('finds rel="next" with %s', (_what, header, expected) => {
    expect(nextLinkOf(header, base)?.href).toBe(expected);
  });

  it.each([[null], [''], ['<https://example.okta.com/a>; rel="self"'], ['<https://example.okta.com/a>; rel="nextpage"']])('finds no next link in %p', (header) => {
    expect(nextLinkOf(header, base)).toBeUndefined();
  });
});
