/**
 * Publishes outbox entries left behind: PutEvents refused them or the function stopped between
 * the commit and the publish (write.ts). Run on a schedule and, for a few entries, during
 * requests. An entry younger than `minAgeMs` is left to the request that wrote it. Publishing an
 * entry twice is harmless: its event id is that of the write, so the consumer sees a duplicate.
 */
import type { ScimDeps } from './ports';

/** What one drain did. */
export type DrainResult = { readonly published: number; readonly failed: number };

/** PutEvents takes at most 10 entries. */
const PUT_EVENTS_MAX = 10;

/** Publishes up to `limit` entries at least `minAgeMs` old and deletes those the bus accepted. */
export async function drainOutbox(deps: Pick<ScimDeps, 'store' | 'publisher' | 'clock' | 'logger'>, options: { limit: number; minAgeMs: number }): Promise<DrainResult> {
  const now = deps.clock.now();
  const entries = (await deps.store.listOutbox(options.limit)).filter((e) => now - Date.parse(e.createdAt) >= options.minAgeMs);
  let published = 0;
  let failed = 0;
  for (let i = 0; i < entries.length; i += PUT_EVENTS_MAX) {
    const chunk = entries.slice(i, i + PUT_EVENTS_MAX);
    let refused: ReadonlySet<string>;
    try {
      refused = new Set((await deps.publisher.publish(chunk)).failed);
    } catch (error) {
      deps.logger.warn('ScimOutboxDrainFailed', { entries: chunk.length, reason: error instanceof Error ? error.name : 'unknown' });
      failed += chunk.length;
      continue;
    }
    for (const entry of chunk) {
      if (refused.has(entry.eventId)) {
        failed++;
        continue;
      }
      await deps.store.deleteOutbox(entry.eventId);
      published++;
    }
  }
  if (published + failed > 0) deps.logger.info('ScimOutboxDrained', { published, failed });
  return { published, failed };
}
