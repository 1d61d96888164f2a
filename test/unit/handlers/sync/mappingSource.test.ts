import { ConfigError, DependencyError, FailureKind } from '../../../../src/core/errors';
import { createMappingSource } from '../../../../src/handlers/sync/mappingSource';

const NETWORK = '12345678';
const mapping = (securityGroupId: string, networkId = NETWORK) =>
  JSON.stringify({ networkId, usernameAttribute: 'email', securityGroups: [{ idpGroup: 'Eng', securityGroupId }], onNoMappedGroup: 'leave' });

/** A source over a text the test changes, with what it logged and how often it reported a refusal. */
function sourceOver(initial: string | Error) {
  let current: string | Error = initial;
  const logged: { level: string; message: string }[] = [];
  let rejected = 0;
  const log = (level: string) => (message: string) => logged.push({ level, message });
  const load = createMappingSource({
    read: async () => {
      if (current instanceof Error) throw current;
      return current;
    },
    networkId: NETWORK,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    onRejected: () => (rejected += 1),
  });
  return { load, set: (text: string | Error) => (current = text), logged, rejected: () => rejected };
}

describe('Function: createMappingSource()', () => {
  it('parses a new text and answers from the parsed one while the text is unchanged', async () => {
    const s = sourceOver(mapping('SGENG001'));
    const first = await s.load();
    expect(first.securityGroups).toEqual([{ idpGroup: 'Eng', securityGroupId: 'SGENG001' }]);
    expect(await s.load()).toBe(first);
    s.set(mapping('SGADMIN1'));
    expect((await s.load()).securityGroups[0]?.securityGroupId).toBe('SGADMIN1');
  });

  it.each([
    ['bad JSON', '{"networkId":'],
    ['an invalid mapping', JSON.stringify({ networkId: NETWORK })],
    ['a mapping for another network', mapping('SGADMIN1', '87654321')],
  ])('keeps the last good mapping after %s, logs it once and reports every refusal', async (_label, text) => {
    const s = sourceOver(mapping('SGENG001'));
    const good = await s.load();
    s.set(text);
    expect(await s.load()).toBe(good);
    expect(await s.load()).toBe(good);
    expect(s.rejected()).toBe(2);
    expect(s.logged).toEqual([{ level: 'error', message: 'new mapping refused; the last good mapping stays in use' }]);
    s.set(mapping('SGADMIN1'));
    expect((await s.load()).securityGroups[0]?.securityGroupId).toBe('SGADMIN1');
    expect(s.rejected()).toBe(2);
  });

  it('keeps the last good mapping when the read fails', async () => {
    const s = sourceOver(mapping('SGENG001'));
    const good = await s.load();
    s.set(new DependencyError('SSM GetParameter throttled', { dependency: 'config', kind: FailureKind.Throttling }));
    expect(await s.load()).toBe(good);
    expect(s.logged.map((l) => l.level)).toEqual(['warn']);
  });

  it('throws at a cold start, when there is no good mapping to keep', async () => {
    await expect(sourceOver('not json').load()).rejects.toThrow(ConfigError);
    const unreadable = new DependencyError('SSM GetParameter denied', { dependency: 'config', kind: FailureKind.Auth });
    await expect(sourceOver(unreadable).load()).rejects.toBe(unreadable);
  });
});
