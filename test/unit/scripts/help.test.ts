import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { main as reconcile } from '../../../scripts/reconcile';
import { main as redrive } from '../../../scripts/redrive';
import { main as sendTestEvent } from '../../../scripts/send-test-event';
import { setupProblem } from '../../../scripts/lib/setupErrors';

const root = join(__dirname, '../../..');
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

async function captured(main: (argv: string[], deps: { out: (line: string) => void }) => Promise<number>, argv: string[]): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await main(argv, { out: (line) => lines.push(line) });
  return { code, text: lines.join('\n') };
}

describe('the operator tools', () => {
  it.each([
    ['reconcile', reconcile, ['--stage', '--dry-run', '--allow-mass-change', '--user', '--group', '--region', '--wait-seconds']],
    ['redrive', redrive, ['--stage', '--from', '--mode', '--status', '--only-class', '--except-class', '--dlq-arn']],
    ['send-test-event', sendTestEvent, ['--stage', '--email', '--group', '--inactive', '--bus-name']],
  ] as const)('npm run %s -- --help exits 0 and lists its flags', async (_name, main, flags) => {
    const { code, text } = await captured(main as never, ['--help']);
    expect(code).toBe(0);
    for (const flag of flags) expect(text).toContain(flag);
  });

  it.each([
    ['reconcile', reconcile],
    ['redrive', redrive],
    ['send-test-event', sendTestEvent],
  ] as const)('npm run %s refuses an unknown flag with exit 2 and the usage', async (_name, main) => {
    const { code, text } = await captured(main as never, ['--stage', 'dev', '--stauts']);
    expect(code).toBe(2);
    expect(text).toMatch(/Unknown option '--stauts'[\s\S]*usage:/);
  });

  it.each([['local/wickr-emulator/cli.ts'], ['local/okta-emulator/cli.ts'], ['bench/run.ts'], ['local/start.ts']])('%s --help exits 0 and lists its flags', (script) => {
    const run = spawnSync(process.execPath, ['--import', tsx, join(root, script), '--help'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/usage:[\s\S]*--help +print this help and exit 0/);
  });
});

describe('local set-up problems', () => {
  it('says a missing region is a local setting, with the fix', () => {
    expect(setupProblem(new Error('Region is missing'))).toMatch(/^local set-up: no AWS region is set\. Fix: pass --region/);
  });

  it('says missing or refused credentials and an expired session are local, with the fix', () => {
    expect(setupProblem(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }))).toMatch(/no AWS credentials were found\. Fix:/);
    expect(setupProblem(Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' }))).toMatch(/session has expired/);
    expect(setupProblem(Object.assign(new Error('bad'), { name: 'UnrecognizedClientException' }))).toMatch(/did not accept your credentials/);
  });

  it('says a stack not found where the tool looked, naming stage and region', () => {
    const notFound = Object.assign(new Error('Function not found: arn:aws:lambda:eu-west-1:1:function:wickr-idp-sync-prd-reconcile'), { name: 'ResourceNotFoundException' });
    expect(setupProblem(notFound, { stage: 'prd', region: 'eu-west-1' })).toMatch(/wickr-idp-sync stage "prd" in eu-west-1: not found .* Fix: check --stage and --region/);
  });

  it('leaves a failure of the function itself as it is', () => {
    expect(setupProblem(new Error('ReconcileFailedError: reconcile rc-1 failed: IdpListingFailed'))).toBeUndefined();
  });

  it('reports a set-up problem of npm run reconcile as such, not as "the function failed"', async () => {
    const lines: string[] = [];
    const code = await reconcile(['--stage', 'dev'], {
      out: (line) => lines.push(line),
      invoke: async () => {
        throw new Error('Region is missing');
      },
    });
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/local set-up: no AWS region is set/);
    expect(lines.join('\n')).not.toMatch(/the function failed/);
  });
});
