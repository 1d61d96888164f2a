import type { SQSRecord } from 'aws-lambda';
import { createMasker } from '../../../../src/core/redact';
import type { RunResult } from '../../../../src/core/reconcile';
import type { InvocationReport } from '../../../../local/stack/esm/poller';
import { OutcomeTracker } from '../../../../local/stack/outcomes';
import { formatReconcileSummary } from '../../../../local/stack/reconcile/summary';
import { CLEAR, formatSummary, type Report, type ReportUser } from '../../../../local/stack/report';
import { undeliveredEvents } from '../../../../local/stack/run';
import { startFailureOf } from '../../../../local/stack/stack';

const mask = createMasker('the key of this test run');
const user = (userId: string, patch: Partial<ReportUser> = {}): ReportUser => ({
  userId,
  username: `${userId}@example.com`,
  firstName: 'F',
  lastName: 'L',
  securityGroupIds: ['SG1'],
  suspended: false,
  ...patch,
});
const report = (patch: Partial<Report> = {}): Report => ({
  events: { published: 0, applied: 0, created: 0, unchanged: 0, duplicate: 0, ignored: 0, notProvisioned: 0, deleted: 0, deadLettered: 0 },
  wickr: { users: [], requests: {} },
  deadLetters: [],
  durationMs: 1000,
  ...patch,
});

const oktaBody = (uuid: string, userId: string): string =>
  JSON.stringify({
    version: '0',
    id: `env-${uuid}`,
    source: 'aws.partner/okta.com/org/wickr-sync',
    'detail-type': 'SystemLog',
    time: '2026-12-01T10:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventType: 'user.lifecycle.deactivate',
      outcome: { result: 'SUCCESS', reason: null },
      published: '2026-12-01T10:00:00.000Z',
      uuid,
      version: '0',
      target: [{ id: userId, type: 'User', alternateId: 'x@example.com', displayName: 'X' }],
    },
  });
const record = (messageId: string, body: string): SQSRecord => ({ messageId, body }) as SQSRecord;
const invocation = (records: SQSRecord[], lines: object[]): InvocationReport => ({
  environmentId: 1,
  records,
  invocation: { result: { kind: 'returned', response: { batchItemFailures: [] } }, logLines: lines.map((l) => JSON.stringify({ message: 'record outcome', ...l })), durationMs: 5 },
  verdict: { kind: 'partial', failedMessageIds: new Set() },
  deletedMessageIds: records.map((r) => r.messageId),
});

describe('the end-of-run summary', () => {
  it('masks two users with the same initial and domain apart, and shows a last name change', () => {
    const before = [user('1', { username: 'bo@example.com', lastName: 'Pereira' }), user('2', { username: 'bea@example.com' })];
    const after = [user('1', { username: 'bo@example.com', lastName: 'Pires' }), user('2', { username: 'bea@example.com', suspended: true })];
    const text = formatSummary(report({ wickr: { users: after, requests: {} } }), before, mask);
    const [bo, bea] = [mask.email('bo@example.com') as string, mask.email('bea@example.com') as string];
    expect(bo).not.toBe(bea);
    expect(text).toContain(`1       ${bo}`);
    expect(text).toContain(`${mask.name('Pereira')} → ${mask.name('Pires')}`);
    expect(text).not.toContain('Pereira');
  });

  it('prints values in clear only with the CLEAR masker (--show-pii)', () => {
    const text = formatSummary(report({ wickr: { users: [user('1', { lastName: 'Pires' })], requests: {} } }), [user('1', { lastName: 'Pereira' })], CLEAR);
    expect(text).toContain('Pereira → Pires');
  });

  it('names every record that ended other than applied or unchanged, and the events not delivered', () => {
    const tracker = new OutcomeTracker();
    tracker.record(
      invocation(
        [record('m1', oktaBody('e1', '00uana')), record('m2', oktaBody('e2', '00uzed')), record('m3', oktaBody('e3', '00ubo'))],
        [
          { messageId: 'm1', outcome: 'applied', eventId: 'e1', source: 'okta', wickrUserId: '1001' },
          { messageId: 'm2', outcome: 'notProvisioned', eventId: 'e2', source: 'okta', reason: 'no Wickr user with this username' },
          { messageId: 'm3', outcome: 'duplicate', eventId: 'e3', source: 'okta', wickrUserId: '1003' },
        ],
      ),
    );
    expect(tracker.named()).toEqual([
      { outcome: 'notProvisioned', eventId: 'e2', source: 'okta', idpUserId: '00uzed', reason: 'no Wickr user with this username' },
      { outcome: 'duplicate', eventId: 'e3', source: 'okta', wickrUserId: '1003', idpUserId: '00ubo' },
    ]);
    const published = [JSON.parse(oktaBody('e1', '00uana')), JSON.parse(oktaBody('e9', '00ulost'))];
    const notDelivered = undeliveredEvents({ tracker }, published, new Set());
    expect(notDelivered).toEqual([{ eventId: 'e9', source: 'aws.partner/okta.com/org/wickr-sync', detailType: 'SystemLog', idpUserId: '00ulost' }]);
    const text = formatSummary(report({ namedOutcomes: tracker.named(), notDelivered }), [], mask);
    expect(text).toMatch(/notProvisioned +- +okta:00uzed +e2 +no Wickr user/);
    expect(text).toMatch(/duplicate +1003 +okta:00ubo +e3/);
    expect(text).toMatch(/e9 +aws\.partner\/okta\.com\/org\/wickr-sync +SystemLog +00ulost/);
  });
});

describe('the reconcile summary', () => {
  const result: RunResult = {
    runId: 'rc-1',
    status: 'succeeded',
    counts: {
      runs: 1,
      dryRun: false,
      guardTripped: false,
      inScope: 3,
      wickrUsers: 4,
      linked: 2,
      drifted: 2,
      messagesSent: 2,
      toUpdate: 0,
      toSuspend: 2,
      toUnsuspend: 0,
      unmanaged: 1,
      skippedGeneric: 0,
      conflicts: 0,
      notProvisioned: 1,
      toCreate: 0,
      toReinvite: 0,
      toChangeGroup: 0,
      toPromote: 0,
      toDelete: 0,
      unmappable: 0,
      protected: 0,
      linksWritten: 0,
      driftedByField: { suspended: 2 },
    },
    durationMs: 900,
    invocations: 1,
    plan: [
      { wickrUserId: '1', source: 'okta', idpUserId: '00ua', reason: 'deactivated', fields: ['suspended'] },
      { wickrUserId: '2', source: 'okta', idpUserId: '00ub', reason: 'leftScope', fields: ['suspended'] },
    ],
    planTruncated: false,
    unmanagedUsers: ['9'],
    notProvisionedUsers: [{ source: 'okta', idpUserId: '00unew' }],
  };

  it('names the unmanaged and not-provisioned users and prints the before → after table of a live run', () => {
    const text = formatReconcileSummary('reconcile', result, { before: [user('1'), user('2')], after: [user('1', { suspended: true }), user('2', { suspended: true })], named: [] }, mask);
    expect(text).toContain('1 · okta:00ua · deactivated · suspended');
    expect(text).toContain('2 · okta:00ub · leftScope · suspended');
    expect(text).toMatch(/unmanaged Wickr users \(1\):\n {4}9/);
    expect(text).toMatch(/not provisioned IdP users \(1\):\n {4}okta:00unew/);
    expect(text).toMatch(/Wickr users changed: 2\n[\s\S]*1 +1\*\*\*@example\.com#[0-9a-f]{6} +suspended +false → true/);
  });

  it('prints no before → after table for a dry run', () => {
    const dry = { ...result, counts: { ...result.counts, dryRun: true } };
    expect(formatReconcileSummary('reconcile', dry, { before: [], after: [], named: [] }, mask)).not.toContain('Wickr users changed');
  });
});

describe('a function that cannot start', () => {
  const failed = (result: InvocationReport['invocation']['result']): InvocationReport => ({ ...invocation([], []), invocation: { result, logLines: [], durationMs: 1 } });

  it('is an init error or a ConfigError thrown by the handler, and nothing else', () => {
    expect(startFailureOf(failed({ kind: 'crashed', error: 'Runtime.InitError: ConfigError: WICKR_RETRY_MODE: expected one of…' }))).toMatch(/^Runtime\.InitError: ConfigError/);
    expect(startFailureOf(failed({ kind: 'threw', error: 'ConfigError: mapping.networkId: is 1 but…' }))).toMatch(/^ConfigError/);
    expect(startFailureOf(failed({ kind: 'threw', error: 'DependencyError: Wickr 503' }))).toBeUndefined();
    expect(startFailureOf(failed({ kind: 'crashed', error: 'Runtime exited with signal SIGKILL' }))).toBeUndefined();
  });
});
