import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RECONCILE_REPORT_KEYS } from '../../local/stack/reconcile/summary';
import { companySeed, companyUsers, MAPPING, type Drift } from './reconcileWorld';

const root = join(__dirname, '../..');
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** Runs `npm start -- <args>` (as tsx local/start.ts) to its exit. */
function npmStart(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'local/start.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('e2e: npm start --bootstrap / --reconcile / --dry-run', () => {
  const users = companyUsers(8, 1);
  const drift = new Map<string, Drift>([
    ['3002', { firstName: 'Stale' }],
    ['3003', { suspended: true }],
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-cli-'));
  const seedPath = join(dir, 'seed.json');
  writeFileSync(seedPath, JSON.stringify(companySeed(users, drift)));

  it('bootstraps without events, reconciles again after, and reports both in the contract shape', async () => {
    const reportPath = join(dir, 'report.json');
    const run = await npmStart(['--seed', seedPath, '--bootstrap', '--reconcile', '--report', reportPath]);

    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(Object.keys(report.bootstrap).slice(0, RECONCILE_REPORT_KEYS.length)).toEqual([...RECONCILE_REPORT_KEYS]);
    // Two drifted users and one who left scope; the second run finds nothing left to do.
    expect(report.bootstrap).toMatchObject({ runs: 1, dryRun: false, guardTripped: false, inScope: 7, drifted: 3, messagesSent: 3, toSuspend: 1, toUnsuspend: 1 });
    expect(report.reconcile).toMatchObject({ runs: 1, dryRun: false, drifted: 0, messagesSent: 0 });
    expect(report.events).toMatchObject({ published: 0, applied: 0 });
    expect(run.stdout).toMatch(/bootstrap: succeeded/);
  });

  it('prints the plan of a dry run and sends nothing', async () => {
    const reportPath = join(dir, 'dry.json');
    const run = await npmStart(['--seed', seedPath, '--reconcile', '--dry-run', '--report', reportPath]);

    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { reconcile: Record<string, unknown>; wickr: { users: { userId: string; suspended: boolean; firstName: string }[] } };
    expect(report.reconcile).toMatchObject({ dryRun: true, drifted: 3, messagesSent: 0 });
    expect(report.wickr.users.find((u) => u.userId === '3002')?.firstName).toBe('Stale');
    expect(report.wickr.users.find((u) => u.userId === '3003')?.suspended).toBe(true);
    expect(run.stdout).toMatch(/dry run: nothing sent/);
    expect(run.stdout).toMatch(/3002 · okta:00u0002 · drift · firstName/);
  });

  it('exits 4 when the guard stops a run, says how to go on, and goes past it with --allow-mass-change', async () => {
    const guarded = join(dir, 'guarded.json');
    writeFileSync(guarded, JSON.stringify(companySeed(users, drift, { ...MAPPING, guard: { maxSuspensions: 0 } })));
    const tripped = await npmStart(['--seed', guarded, '--reconcile']);

    expect(tripped.code).toBe(4);
    expect(tripped.stdout).toMatch(/reconcile: guardTripped \(TooManySuspensions\)/);
    expect(tripped.stderr).toMatch(/re-run with --allow-mass-change, or raise the limits under guard/);

    const allowed = await npmStart(['--seed', guarded, '--reconcile', '--allow-mass-change', '--verbose']);
    expect({ code: allowed.code, stderr: allowed.code === 0 ? '' : allowed.stderr }).toEqual({ code: 0, stderr: '' });
    // The reason says why each user changes; the table shows what changed, masked; the function logged its summary line.
    expect(allowed.stdout).toMatch(/ · leftScope · suspended/);
    expect(allowed.stdout).toMatch(/Wickr users changed: 3/);
    expect(allowed.stdout).toMatch(/3002 +\S+@example\.com#[0-9a-f]{6} +firstName +S\*\*\*#[0-9a-f]{6} → \S\*\*\*#[0-9a-f]{6}/);
    expect(allowed.stderr).toMatch(/"message":"reconcile summary"/);
  });
});
