/**
 * How every accepted change is made durable and announced. The change and its outbox entry are
 * written in one transaction; then the event is put on the bus and the entry deleted. If the put
 * fails, or the function stops in between, the entry stays and the drain (outbox.ts) publishes it
 * later: once `commitAndPublish` returns, the change is stored and published or recorded to be,
 * which is when the endpoint may answer 2xx. A publish or delete failure after the commit is
 * therefore only logged.
 */
import { ScimConflictError } from './errors';
import type { ScimDeps } from './ports';
import type { ScimWrite } from './types';

/** Writes `write` with its outbox entry, then publishes it (see the module comment). */
export async function commitAndPublish(deps: ScimDeps, write: ScimWrite): Promise<void> {
  await deps.store.commit(write);
  const { eventId } = write.outbox;
  try {
    const { failed } = await deps.publisher.publish([write.outbox]);
    if (failed.length > 0) {
      deps.logger.warn('ScimPublishDeferred', { eventId, reason: 'PutEvents refused the entry' });
      return;
    }
    await deps.store.deleteOutbox(eventId);
  } catch (error) {
    deps.logger.warn('ScimPublishDeferred', { eventId, reason: error instanceof Error ? error.name : 'unknown' });
  }
}

/**
 * Attempts of one change before a version conflict is answered as 503 (busy). Sized for 20
 * writers on one group at once (Entra's member PATCHes): each round one of them wins, so the last
 * may lose 19 times; the waits stay under about 5 s in all.
 */
export const MAX_WRITE_ATTEMPTS = 40;

/** The wait before attempt `n + 1` after a lost race: full jitter, growing to at most 250 ms. */
export const conflictWaitMs = (n: number, random: () => number): number => Math.floor(random() * Math.min(250, 10 * 2 ** n));

/**
 * Runs `attempt` (read, decide, commit) until it does not lose a version race: a concurrent
 * writer changed the resource, so it is read again and the change decided afresh. This is what
 * keeps 20 concurrent member PATCHes on one group from losing a member. Waits grow with full
 * jitter; after {@link MAX_WRITE_ATTEMPTS} the conflict is rethrown.
 */
export async function withVersionRetries<T>(deps: Pick<ScimDeps, 'random' | 'sleep'>, attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ScimConflictError) || error.reason !== 'version' || n >= MAX_WRITE_ATTEMPTS) throw error;
      await deps.sleep(conflictWaitMs(n, deps.random));
    }
  }
}
