/** What the stack holds: SCIM tokens, dead letters, and the last reconcile's result. */
import { RunStatus, type RunRecord } from '../reconcile';
import { describeError, transientFix, type Settled } from './failure';
import { plural } from './mappingChecks';
import { CheckStatus, type DeadLetterQueuePort, type DoctorCheck, type DoctorCommands } from './types';

/** At least one live SCIM token when the endpoint is on (the IdP cannot provision without one). */
export function checkScimTokens(count: Settled<number> | undefined, commands: DoctorCommands): DoctorCheck {
  const name = 'SCIM tokens';
  if (count === undefined) return { name, status: CheckStatus.Skipped, detail: 'skipped: SCIM off' };
  if (!count.ok) return { name, status: CheckStatus.Fail, detail: `cannot read the tokens: ${describeError(count.error)}`, fix: transientFix(count.error) };
  if (count.value === 0) {
    return { name, status: CheckStatus.Fail, detail: 'no live token: the IdP cannot provision', fix: `${commands.scimToken}, and give the token to the IdP (its Secret Token)` };
  }
  return { name, status: CheckStatus.Pass, detail: `${plural(count.value, 'live token')}` };
}

/** A dead-letter queue is empty; each message in it is an event that did not reach Wickr. */
export function checkDeadLetters(queue: DeadLetterQueuePort, depth: Settled<number>, commands: DoctorCommands): DoctorCheck {
  const consumer = queue.label === 'consumer';
  const name = `dead letters (${consumer ? 'consumer' : `${queue.label} delivery`})`;
  if (!depth.ok) return { name, status: CheckStatus.Fail, detail: `cannot read the queue: ${describeError(depth.error)}`, fix: transientFix(depth.error) };
  if (depth.value === 0) return { name, status: CheckStatus.Pass, detail: 'empty' };
  return {
    name,
    status: CheckStatus.Fail,
    detail: `${plural(depth.value, 'message')} waiting`,
    fix: consumer
      ? `read their errorClass and reason (docs/operations.md § Read a dead letter's reason), fix the cause, then ${commands.redrive(queue.label)}`
      : `check the queue and its policy (docs/operations.md § Runbook), then ${commands.redrive(queue.label)}`,
  };
}

/** The last reconcile run succeeded (or is running). Before the first run it warns: the bootstrap is due. */
export function checkLastReconcile(run: Settled<RunRecord | null>, commands: DoctorCommands, now: number): DoctorCheck {
  const name = 'last reconcile';
  if (!run.ok) return { name, status: CheckStatus.Fail, detail: `cannot read the run record: ${describeError(run.error)}`, fix: transientFix(run.error) };
  const record = run.value;
  if (record === null) {
    return { name, status: CheckStatus.Warn, detail: 'no run yet', fix: `the bootstrap: ${commands.reconcile} --dry-run, then without --dry-run (docs/operations.md § First run)` };
  }
  const at = `${record.runId}, started ${ago(now - record.startedAt)}`;
  if (record.status === RunStatus.Running) {
    if (record.leaseUntil < now) {
      return { name, status: CheckStatus.Warn, detail: `${at}: stopped without finishing`, fix: `the next start resumes it: ${commands.reconcile}` };
    }
    return { name, status: CheckStatus.Pass, detail: `${at}: running` };
  }
  const result = record.result;
  const why = result?.message ?? result?.reason ?? 'no reason recorded';
  if (record.status === RunStatus.GuardTripped) {
    return {
      name,
      status: CheckStatus.Fail,
      detail: `${at}: the guard stopped it (${why})`,
      fix: `check the plan with ${commands.reconcile} --dry-run; then raise guard.* in the mapping, or re-run with --allow-mass-change`,
    };
  }
  if (record.status === RunStatus.Failed) {
    return {
      name,
      status: CheckStatus.Fail,
      detail: `${at}: failed (${why})`,
      fix: `read the reconcile function's log (ReconcileFailedError names the cause), fix the access or the outage, then ${commands.reconcile}`,
    };
  }
  const counts = result?.counts;
  const summary = counts === undefined ? '' : `, ${plural(counts.drifted, 'user')} drifted, ${plural(counts.messagesSent, 'message')} sent${counts.dryRun ? ' (dry run)' : ''}`;
  return { name, status: CheckStatus.Pass, detail: `${at}: succeeded${summary}` };
}

/** `5 s ago`, `12 min ago`, `3 h ago`, `2 d ago`. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
