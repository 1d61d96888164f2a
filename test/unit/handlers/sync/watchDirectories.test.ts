import { DependencyError } from '../../../../src/core/errors';
import type { IdpSource } from '../../../../src/core/types';
import { watchDirectories } from '../../../../src/handlers/sync/watchDirectories';
import { FakeDirectory } from '../../../helpers/fakes';

describe('Function: watchDirectories()', () => {
  it.each([
    ['a 401 or 403 (AUTH) from the directory', new DependencyError('Okta getUser failed: HTTP 401', { dependency: 'directory', kind: 'AUTH', statusCode: 401 }), ['okta']],
    ['a throttled call', new DependencyError('Okta getUser failed: HTTP 429', { dependency: 'directory', kind: 'THROTTLING', statusCode: 429 }), []],
    ['a token that could not be read from Secrets Manager (not the IdP)', new DependencyError('The Okta token could not be loaded', { dependency: 'config', kind: 'AUTH' }), []],
  ])('reports %s as %j and rethrows it unchanged', async (_what, error, reported) => {
    // Prepare
    const okta = new FakeDirectory('okta', []);
    okta.failNext = [error];
    const seen: IdpSource[] = [];
    const watched = watchDirectories({ okta }, (source) => void seen.push(source));
    // Act + Assess
    await expect(watched.okta?.getUser('00u1')).rejects.toBe(error);
    expect(seen).toEqual(reported);
  });

  it('passes answers through and keeps methods beyond the port', async () => {
    const okta = Object.assign(new FakeDirectory('okta', [{ idpUserId: '00u1', active: true, groups: [] }]), { extra: () => 'kept' });
    const watched = watchDirectories({ okta }, () => undefined);
    expect(await watched.okta?.getUser('00u1')).toMatchObject({ idpUserId: '00u1' });
    expect(watched.okta?.source).toBe('okta');
    expect((watched.okta as typeof okta).extra()).toBe('kept');
  });
});
