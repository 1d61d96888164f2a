/**
 * The consumer side of a `reinvite` ResyncUser (the reconcile under `provisioning.reinviteExpired`):
 * BatchReinviteUser for one in-scope Wickr user whose invitation expired. The reconcile never
 * writes to Wickr itself, so it asks the consumer, which re-reads the user and remembers the
 * re-invitation in DynamoDB: a `lease#wickr:reinvite:<wickrUserId>` item held for
 * `reinviteAfterHours` and never released, so no user is re-invited more often than that, by
 * any run. A retry of the same message holds the same lease (its owner is the event id) and sends
 * the same client token, so Wickr answers it without a second invitation.
 */
import { createHash } from 'node:crypto';
import { PoisonError } from '../errors';
import { LogMessage } from '../metrics';
import { Outcome } from '../types';
import type { SyncDeps } from './types';

/** What re-inviting needs: the sync's deps (the provisioning port among them). */
export type ReinviteDeps = SyncDeps;

/** Status of a Wickr user who accepted the invitation (ListUsers/GetUser `status`: 1 pending, 2 active). */
const ACTIVE = 2;

/** Re-invites one Wickr user at most once per `reinviteAfterHours`; throws like syncUser (the caller classifies). */
export async function reinviteExpired(wickrUserId: string, eventId: string, deps: ReinviteDeps): Promise<{ outcome: Outcome; reason?: string }> {
  const user = await deps.wickr.getUser(wickrUserId);
  if (user === null) return { outcome: Outcome.Ignored, reason: 'the Wickr user no longer exists' };
  if (user.suspended) return { outcome: Outcome.Ignored, reason: 'a suspended user is not re-invited' };
  if (user.status === ACTIVE) return { outcome: Outcome.Unchanged, reason: 'the invitation was accepted' };
  const audit = { eventId, wickrUserId, operation: 'BatchReinviteUser', audit: true };
  if (deps.dryRun) {
    deps.logger.info(LogMessage.dryRunWrite, { ...audit, dryRun: true });
    return { outcome: Outcome.Applied };
  }
  if (!deps.provisioning) return { outcome: Outcome.Ignored, reason: 'provisioning is not wired in this deployment' };
  const key = `wickr:reinvite:${wickrUserId}`;
  const holder = `reinvite:${eventId}`;
  const windowMs = deps.mapping.provisioning.reinviteAfterHours * 3_600_000;
  if (!(await deps.store.acquireLease(key, holder, windowMs))) {
    return { outcome: Outcome.Unchanged, reason: `re-invited less than ${deps.mapping.provisioning.reinviteAfterHours} hours ago` };
  }
  try {
    const [result] = await deps.provisioning.reinviteUsers([wickrUserId], clientToken(eventId, wickrUserId));
    if (result?.outcome === 'failed') throw new PoisonError(result.code, result.reason);
  } catch (error) {
    // Not re-invited: the window must not hold back the next attempt.
    await deps.store.releaseLease(key, holder).catch(() => undefined);
    deps.logger.info(LogMessage.wickrWrite, { ...audit, outcome: 'failed', error: (error as Error).name });
    throw error;
  }
  deps.logger.info(LogMessage.wickrWrite, { ...audit, outcome: 'applied' });
  return { outcome: Outcome.Applied };
}

/** Stable per message (pattern [a-zA-Z0-9-_:]+, ≤ 64), so Wickr de-duplicates retries. */
function clientToken(eventId: string, wickrUserId: string): string {
  return `reinvite-${createHash('sha256').update(`${eventId}|${wickrUserId}`).digest('hex').slice(0, 40)}`;
}
