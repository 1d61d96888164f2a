/**
 * Provisioning through the whole local stack: Okta events for users who have no Wickr account,
 * the real consumer, the Wickr emulator's BatchCreateUser.
 */
import { expectNoDenials } from '../../local/stack/iam/iamCheck';
import type { Report } from '../../local/stack/report';
import { runScenario } from '../../local/stack/run';
import type { ScenarioEvent, ScenarioSeed } from '../../local/stack/scenario';
import { startLocalStack, type LocalStack } from '../../local/stack/stack';
import type { CreateUserRefusal } from '../../local/wickr-emulator/types';
import { MAPPING, oktaEvent, seedFor, type PlannedUser } from './company';

const PROVISIONING_MAPPING = { ...MAPPING, scope: { idpGroups: ['Engineering', 'Sales', 'Wickr Admins'] }, provisioning: { createUsers: true } };

/** An Okta user with no Wickr account. */
function newHire(n: number, patch: Partial<PlannedUser['truth']> = {}): PlannedUser {
  return {
    kind: 'okta',
    idpId: `00uhire${n}`,
    wickrUserId: '',
    email: `hire${n}@example.com`,
    before: { firstName: '', lastName: '', securityGroupId: '' },
    truth: { firstName: `Hire${n}`, lastName: 'New', active: true, groups: ['Engineering'], ...patch },
  };
}

/** The seed: the emulator's network with one existing user, and the hires only in Okta. */
function seedWith(hires: readonly PlannedUser[], mapping: object = PROVISIONING_MAPPING): ScenarioSeed {
  const existing: PlannedUser = {
    kind: 'okta',
    idpId: '00uold',
    wickrUserId: '1001',
    email: 'old@example.com',
    before: { firstName: 'Old', lastName: 'Timer', securityGroupId: 'SGENG001' },
    truth: { firstName: 'Old', lastName: 'Timer', active: true, groups: ['Engineering'] },
  };
  const seed = seedFor([existing], {}, mapping);
  const slug: Record<string, string> = { 'Wickr Admins': 'admins', Engineering: 'eng', Sales: 'sales', Support: 'support' };
  const okta = seed.okta as { users: object[] };
  for (const u of hires) {
    okta.users.push({
      id: u.idpId,
      status: u.truth.active ? 'ACTIVE' : 'DEPROVISIONED',
      profile: { login: u.email, email: u.email, firstName: u.truth.firstName, lastName: u.truth.lastName },
      groupIds: u.truth.groups.map((g) => `00g${slug[g]}`),
    });
  }
  return seed;
}

/**
 * A batch that can hold the whole hire (batchSize, gathered over up to batchingWindow seconds: the batch is handed over
 * as soon as it is full) and the time to read 120 Okta users in one invocation. With the default batch of 10, each
 * invocation creates its own ≤ 10 users in one call: batching works within an invocation (docs/operations.md).
 */
// A window long enough for all 120 events to arrive, and a timeout that lets one invocation sync them all
// even on a loaded machine: the batch is handed over as soon as it is full, so neither slows the test.
const BULK_SETTINGS = { batchSize: '120', batchingWindow: '60', functionTimeout: '120' };

type Run = { readonly report: Report; readonly functionLog: readonly string[] };

/** Runs the events through a fresh stack; `packageParams` change the packaged settings (batch size…). */
async function run(
  seed: ScenarioSeed,
  events: readonly ScenarioEvent[],
  options: { packageParams?: Record<string, string>; refusals?: CreateUserRefusal[]; rawMessages?: string[] } = {},
): Promise<Run> {
  const functionLog: string[] = [];
  const stack: LocalStack = await startLocalStack({ seed, packageParams: options.packageParams, onFunctionLog: (line) => functionLog.push(line) });
  try {
    if (options.refusals) stack.wickr.setCreateUserRefusals(options.refusals);
    const { report } = await runScenario(stack, events, { timeoutMs: 120_000, rawMessages: options.rawMessages });
    await expectNoDenials(stack.iam);
    return { report, functionLog };
  } catch (error) {
    (error as Error).message += `\n--- last lines of the function's log ---\n${functionLog.slice(-30).join('\n')}`;
    throw error;
  } finally {
    await stack.stop();
  }
}

const usersNamed = (report: Report, username: string) => report.wickr.users.filter((u) => u.username.toLowerCase() === username.toLowerCase());
const createCalls = (report: Report): number => Object.values(report.wickr.requests.BatchCreateUser ?? {}).reduce((a, b) => a + b, 0);

describe('e2e: provisioning', () => {
  it('creates one Wickr user, in the mapped group, for a new hire added to a group', async () => {
    const hire = newHire(1, { groups: ['Sales'] });
    const { report, functionLog } = await run(seedWith([hire]), [oktaEvent(hire, 'hire-1', 1)]);
    expect(report.events.created).toBe(1);
    const created = usersNamed(report, hire.email);
    expect(created).toEqual([expect.objectContaining({ firstName: 'Hire1', lastName: 'New', securityGroupIds: ['SGSALES1'], suspended: false })]);
    expect(created[0]?.userId).toMatch(/^\d+$/);
    expect(report.wickr.requests.BatchCreateUser).toEqual({ '200': 1 });
    // One audit line, the username masked; the invite code never leaves the port.
    const audits = functionLog.filter((l) => l.includes('"BatchCreateUser"') && l.includes('"audit":true'));
    expect(audits).toHaveLength(1);
    expect(functionLog.join('\n')).not.toContain('hire1@example.com');
    expect(functionLog.join('\n')).not.toMatch(/inviteCode/i);
  });

  it('creates one user for a replayed event, a duplicate delivery and two concurrent events about the same new hire', async () => {
    const hire = newHire(2);
    const first = oktaEvent(hire, 'same-1', 1);
    const events = [first, first, oktaEvent(hire, 'same-2', 2), oktaEvent(hire, 'same-3', 2, 'user.account.update_profile')];
    const { report } = await run(seedWith([hire]), events, { rawMessages: [JSON.stringify(first)] });
    expect(usersNamed(report, hire.email)).toHaveLength(1);
    expect(report.events.created).toBe(1);
    expect(report.events.deadLettered).toBe(0);
    expect(report.events.created + report.events.unchanged + report.events.applied + report.events.duplicate).toBe(5);
  });

  it('creates a bulk hire of 120 users with at most 3 BatchCreateUser calls', async () => {
    const hires = Array.from({ length: 120 }, (_, i) => newHire(100 + i));
    const { report } = await run(
      seedWith(hires),
      hires.map((h, i) => oktaEvent(h, `bulk-${i}`, 1)),
      { packageParams: BULK_SETTINGS },
    );
    expect(report.events.created).toBe(120);
    expect(createCalls(report)).toBeLessThanOrEqual(3);
    expect(report.wickr.users.filter((u) => u.username.startsWith('hire1') || u.username.startsWith('hire2'))).toHaveLength(120);
    for (const h of hires) expect(usersNamed(report, h.email)).toEqual([expect.objectContaining({ securityGroupIds: ['SGENG001'] })]);
  });

  it('dead-letters the users Wickr refuses (422 or a failed entry) with the reason and creates the others', async () => {
    const hires = [newHire(11), newHire(12), newHire(13), newHire(14)];
    const refusals: CreateUserRefusal[] = [
      { username: 'hire11@example.com', as: 'validationError' },
      { username: 'hire12@example.com', as: 'failedEntry' },
    ];
    const { report } = await run(
      seedWith(hires),
      hires.map((h, i) => oktaEvent(h, `refuse-${i}`, 1)),
      { refusals },
    );
    expect(report.events.created).toBe(2);
    expect(usersNamed(report, 'hire13@example.com')).toHaveLength(1);
    expect(usersNamed(report, 'hire14@example.com')).toHaveLength(1);
    expect(usersNamed(report, 'hire11@example.com')).toHaveLength(0);
    expect(usersNamed(report, 'hire12@example.com')).toHaveLength(0);
    const letters = [...report.deadLetters].sort((a, b) => a.errorClass.localeCompare(b.errorClass));
    expect(letters.map((l) => [l.eventId, l.errorClass])).toEqual([
      ['refuse-1', 'BatchItemFailed'],
      ['refuse-0', 'ValidationError'],
    ]);
    for (const letter of letters) expect(letter.reason).toMatch(/refused|rejected/);
  });

  it('never creates a deactivated or an out-of-scope user', async () => {
    const deactivated = newHire(21, { active: false });
    const outside = newHire(22, { groups: ['Support'] });
    const { report } = await run(seedWith([deactivated, outside]), [oktaEvent(deactivated, 'gone-1', 1, 'user.lifecycle.deactivate'), oktaEvent(outside, 'out-1', 1)]);
    expect(report.events.notProvisioned).toBe(2);
    expect(report.events.created).toBe(0);
    expect(report.wickr.requests.BatchCreateUser).toBeUndefined();
    expect(report.wickr.users).toHaveLength(1);
  });

  it('creates nothing and reports notProvisioned when createUsers is false', async () => {
    const hire = newHire(31);
    const { report } = await run(seedWith([hire], { ...PROVISIONING_MAPPING, provisioning: { createUsers: false } }), [oktaEvent(hire, 'off-1', 1)]);
    expect(report.events.notProvisioned).toBe(1);
    expect(report.events.created).toBe(0);
    expect(report.wickr.requests.BatchCreateUser).toBeUndefined();
    expect(usersNamed(report, hire.email)).toHaveLength(0);
  });
});
