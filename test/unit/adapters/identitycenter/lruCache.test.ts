import { createLruCache } from '../../../../src/adapters/identitycenter/lruCache';

function clockAt(start = 0): { now(): number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

describe(createLruCache.name, () => {
  it('never holds more than maxEntries', () => {
    // Prepare
    const cache = createLruCache<string>({ maxEntries: 3, ttlMs: 60_000, clock: clockAt() });
    // Act
    for (let i = 0; i < 100; i++) cache.set(`g${i}`, `name ${i}`);
    // Assess
    expect(cache.size).toBe(3);
    expect(cache.get('g99')).toBe('name 99');
    expect(cache.get('g96')).toBeUndefined();
  });

  it('evicts the least recently used entry, counting reads as use', () => {
    // Prepare
    const cache = createLruCache<string>({ maxEntries: 2, ttlMs: 60_000, clock: clockAt() });
    cache.set('a', 'A');
    cache.set('b', 'B');
    // Act
    cache.get('a');
    cache.set('c', 'C');
    // Assess
    expect(cache.get('a')).toBe('A');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBe('C');
  });

  it('forgets entries after the TTL so renames are picked up', () => {
    // Prepare
    const clock = clockAt(1_000);
    const cache = createLruCache<string>({ maxEntries: 2, ttlMs: 500, clock });
    cache.set('a', 'old');
    // Act
    clock.advance(499);
    const fresh = cache.get('a');
    clock.advance(1);
    const expired = cache.get('a');
    // Assess
    expect(fresh).toBe('old');
    expect(expired).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it.each([[0], [-1], [1.5]])('rejects maxEntries %p', (maxEntries) => {
    expect(() => createLruCache({ maxEntries, ttlMs: 1, clock: clockAt() })).toThrow(RangeError);
  });
});
