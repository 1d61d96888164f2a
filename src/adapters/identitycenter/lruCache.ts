/**
 * A small LRU map with a time-to-live, for group names: bounded so a warm Lambda never grows
 * without limit, and expiring so a renamed group is picked up.
 */
import type { Clock } from '../../core/ports';

/** A bounded cache. */
export type LruCache<V> = {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  readonly size: number;
};

/** Creates an LRU cache holding at most `maxEntries`, each for at most `ttlMs`. */
export function createLruCache<V>(options: { maxEntries: number; ttlMs: number; clock: Clock }): LruCache<V> {
  if (!Number.isInteger(options.maxEntries) || options.maxEntries < 1) {
    throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
  }
  // A Map iterates in insertion order: re-inserting on read makes the first key the least recently used.
  const entries = new Map<string, { value: V; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= options.clock.now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: options.clock.now() + options.ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
