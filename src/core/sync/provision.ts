/**
 * Provisioning, the I/O half: the users of one invocation that need a Wickr account (syncUser
 * answered `toCreate`, each still holding its lease) are created together, in BatchCreateUser
 * calls of at most 50 users and one security group (creation.ts), then linked and owned by
 * their source. Each user's records end on their own: `created`, or a classified failure.
 */
import { DependencyError, FailureKind, PoisonError } from '../errors';
import { LogMessage } from '../metrics';
import type { UserLink } from '../ports';
import { maskEmail } from '../redact';
import type { CreateUserResult } from '../types';
import { Outcome } from '../types';
import type { Disposition } from './classify';
import { classifyFailure } from './classify';
import { batchToken, creationBatches } from './creation';
import { trackGroups } from './groupMembers';
import { assertOwnIdentity } from './ownership';
import type { RecordResult } from './records';
import { syncUser } from './syncUser';
import type { BatchDeps, PendingCreation, UserOutcome } from './types';
import { releaseUserState } from './userLease';

/**
 * Creates every pending user and settles their records; releases every lease, whatever happens.
 * A whole-call refusal (e.g. 422 ValidationError) of a call with several users is retried one
 * user at a time, so one refused user does not fail the others.
 */
export async function provisionPending(pending: readonly PendingCreation[], deps: BatchDeps): Promise<UserOutcome> {
  const out: UserOutcome = { done: [], failed: [] };
  const ended = new Set<string>();
  try {
    for (const batch of creationBatches(pending)) await createBatch(batch, deps, out, ended);
  } finally {
    // The users whose end (marks, link, release in one write) was not written.
    for (const p of pending) if (!ended.has(p.key)) await releaseUserState(p.key, p.state, deps);
  }
  return out;
}

async function createBatch(batch: readonly PendingCreation[], deps: BatchDeps, out: UserOutcome, ended: Set<string>): Promise<void> {
  const port = deps.provisioning;
  let results: readonly CreateUserResult[];
  try {
    if (!port) throw new PoisonError('ProvisioningNotConfigured', 'a creation was planned but no Wickr provisioning port is wired');
    // Before the call: if its answer is lost or the invocation dies before the link is written,
    // the retry finds the account by this username, even after the IdP's email changed.
    for (const p of batch) await deps.store.recordPendingCreation(p.key, deps.owner, p.creation.user.username);
    results = await port.createUsers(
      batch.map((p) => p.creation.user),
      batchToken(batch.map((p) => p.creation.token)),
    );
  } catch (error) {
    const disposition = classifyFailure(error);
    if (disposition.action === 'deadLetter' && batch.length > 1) {
      deps.logger.warn('BatchCreateUser refused a whole call; creating its users one at a time', { users: batch.length, errorClass: disposition.errorClass });
      for (const p of batch) await createBatch([p], deps, out, ended);
      return;
    }
    for (const p of batch) fail(p, disposition, out);
    return;
  }
  for (const [index, p] of batch.entries()) {
    try {
      await settle(p, results[index] as CreateUserResult, deps, out);
      ended.add(p.key);
    } catch (error) {
      fail(p, classifyFailure(error), out);
    }
  }
}

/** One user's answer: created (link it), already there (look it up and sync it), or refused. */
async function settle(p: PendingCreation, result: CreateUserResult, deps: BatchDeps, out: UserOutcome): Promise<void> {
  if (result.outcome === 'created') {
    audit(p, deps, { wickrUserId: result.userId, outcome: 'created' });
    await linkCreated(p, result.userId, deps);
    finish(p, out, Outcome.Created, { wickrUserId: result.userId, changed: ['created'] });
    return;
  }
  if (result.alreadyExists) {
    // Created by an earlier attempt whose answer was lost, or by someone else: find it by username and sync it as usual.
    const again = await syncUser(p.request, deps, p.state.link, p.creation.user.username);
    if (again.outcome === 'toCreate') {
      throw new DependencyError('Wickr says the username exists, but no user with it is found yet', { dependency: 'wickr', kind: FailureKind.Transient, code: 'CreatedUserNotFound' });
    }
    await deps.store.endUser(p.key, deps.owner, p.state, { processed: p.works.map((w) => w.eventKey), ...(again.link !== undefined && { link: again.link }) });
    finish(p, out, again.outcome as Outcome, { wickrUserId: again.wickrUserId, changed: again.changed, reason: again.reason });
    return;
  }
  audit(p, deps, { outcome: 'failed', error: result.code });
  // The adapter decides: an answer that leaves the user's fate unknown is retried, a refusal is poison.
  if (result.retryable) throw new DependencyError(result.reason, { dependency: 'wickr', kind: FailureKind.Transient, code: result.code });
  throw new PoisonError(result.code, result.reason);
}

/** The new account is owned by the user's identity and linked, so every later event finds it by link. */
async function linkCreated(p: PendingCreation, wickrUserId: string, deps: BatchDeps): Promise<void> {
  const { request } = p;
  assertOwnIdentity(wickrUserId, await deps.store.claimWickrOwner(wickrUserId, request.source, p.key), p.key);
  const link: UserLink = {
    wickrUserId,
    ...(request.state && { lastOccurredAt: request.occurredAt, lastEventId: request.eventId }),
    groupIds: p.creation.groupIds,
  };
  // Member items first, as syncUser does; repeating them is harmless. Then link, marks and release in one write.
  await trackGroups(request.source, p.key, [], link.groupIds ?? [], deps.store);
  await deps.store.endUser(p.key, deps.owner, p.state, { processed: p.works.map((w) => w.eventKey), link });
}

/** One audit line per creation attempt; the username masked, the invite code never known here. */
function audit(p: PendingCreation, deps: BatchDeps, extra: Record<string, unknown>): void {
  const { user } = p.creation;
  deps.logger.info(LogMessage.wickrWrite, {
    eventId: p.request.eventId,
    source: p.request.source,
    operation: 'BatchCreateUser',
    username: maskEmail(user.username),
    securityGroupId: user.securityGroupId,
    audit: true,
    ...extra,
  });
}

function finish(p: PendingCreation, out: UserOutcome, outcome: Outcome, extra: Partial<RecordResult>): void {
  for (const w of p.works) {
    const base = { messageId: w.record.messageId, eventId: w.trigger.eventId, source: w.trigger.source, eventType: w.trigger.eventType };
    out.done.push(
      w === p.lead ? { ...base, outcome, ...extra } : { ...base, outcome: Outcome.Unchanged, wickrUserId: extra.wickrUserId, reason: `covered by event ${p.lead.trigger.eventId} in the same batch` },
    );
  }
}

function fail(p: PendingCreation, disposition: Disposition, out: UserOutcome): void {
  for (const work of p.works) out.failed.push({ work, disposition });
}
