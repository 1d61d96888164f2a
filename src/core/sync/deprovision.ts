/**
 * The consumer's side of SCIM's assignment rule and of deletion after a grace period
 * (mapping/assignment.ts, mapping/deprovisioning.ts): what the link records of a suspension, and
 * the deletion the reconcile asks for, re-checked under the user's lease before BatchDeleteUser.
 */
import { createHash } from 'node:crypto';
import { deletionRefusal } from '../mapping';
import { LogMessage } from '../metrics';
import type { SuspendedFor, UserLink } from '../ports';
import type { Plan, WickrUser } from '../types';
import { ownerOf } from './ownership';
import type { SyncDeps, SyncRequest, SyncResult } from './syncUser';

/**
 * The link's suspension record after this sync: kept (its first time) while the user stays
 * suspended for a delete or a deactivation, set when the sync suspends them for one (or finds
 * them suspended with none recorded: a retry after a lost link write), and cleared otherwise.
 */
export function suspensionRecord(previous: UserLink | null, reason: SuspendedFor | undefined, current: WickrUser, plan: Plan, now: number): Pick<UserLink, 'suspendedAt' | 'suspendedFor'> {
  const suspended = plan.suspend ?? current.suspended;
  if (reason === undefined || !suspended) return {};
  return { suspendedAt: previous?.suspendedAt ?? new Date(now).toISOString(), suspendedFor: reason };
}

/**
 * Deletes the Wickr user the reconcile found due (`intent: "delete"`), after checking again what
 * it decided from: the sync found nothing to change (the IdP user is still deleted or
 * deactivated), the recorded suspension is old enough, the user is neither an administrator nor
 * protected, and the mapping still asks for deletion. Null when not deleted (the caller then
 * ends as for any other sync), with the reason logged.
 */
export async function deleteIfDue(request: SyncRequest, current: WickrUser, link: UserLink | null, deps: SyncDeps): Promise<SyncResult | null> {
  const suspendedAt = link?.suspendedFor !== undefined && link.suspendedAt !== undefined ? Date.parse(link.suspendedAt) : undefined;
  const port = deps.provisioning;
  const refusal = deletionRefusal(current, suspendedAt, deps.mapping, deps.clock.now()) ?? (port?.deleteUsers ? null : 'BatchDeleteUser is not wired in this deployment');
  const audit = { eventId: request.eventId, source: request.source, wickrUserId: current.userId };
  if (refusal !== null || !port?.deleteUsers) {
    deps.logger.info('deletion not made', { ...audit, reason: refusal });
    return null;
  }
  if (deps.dryRun) {
    deps.logger.info(LogMessage.dryRunWrite, { ...audit, dryRun: true, requests: [{ operation: 'BatchDeleteUser', body: { userIds: [current.userId] } }] });
    return { outcome: 'deleted', wickrUserId: current.userId, reason: 'dry run: BatchDeleteUser not sent' };
  }
  const [result] = await port.deleteUsers([current.userId], deletionToken(current.userId, link?.suspendedAt ?? ''));
  deps.logger.info(LogMessage.wickrWrite, { ...audit, audit: true, operation: 'BatchDeleteUser', outcome: result?.outcome ?? 'failed', suspendedFor: link?.suspendedFor });
  if (result?.outcome !== 'deleted') {
    // Not a retryable answer (the port classifies those as errors): left suspended, and the next run asks again.
    return { outcome: 'unchanged', wickrUserId: current.userId, reason: `BatchDeleteUser refused: ${result?.reason ?? 'no result'}` };
  }
  // The account is gone: so is the link (the owner item is left; it names a user id Wickr will not reuse).
  return { outcome: 'deleted', wickrUserId: current.userId, changed: ['deleted'], link: null };
}

/**
 * A deletion asked for a generic-source user. That source has no directory to re-read: its truth is
 * the last state event applied, whose deactivation the link records (a later active event clears
 * it), so the deletion is checked against the link and the Wickr user alone.
 */
export async function deleteStateUserIfDue(request: SyncRequest, link: UserLink | null, deps: SyncDeps): Promise<SyncResult> {
  const current = link ? await deps.wickr.getUser(link.wickrUserId) : null;
  if (!link || !current) return { outcome: 'unchanged', reason: 'no linked Wickr user to delete' };
  const owner = await ownerOf(current.userId, request.source, deps);
  if (owner !== request.source) return { outcome: 'ignored', wickrUserId: current.userId, reason: `owned by ${owner}` };
  return (await deleteIfDue(request, current, link, deps)) ?? { outcome: 'unchanged', wickrUserId: current.userId, reason: 'the deletion is no longer due' };
}

/** The same for every retry of one deletion (one Wickr user, one recorded suspension): [a-zA-Z0-9-_:], ≤ 64. */
function deletionToken(wickrUserId: string, suspendedAt: string): string {
  return `delete-${createHash('sha256').update(`${wickrUserId}|${suspendedAt}`).digest('hex').slice(0, 40)}`;
}
