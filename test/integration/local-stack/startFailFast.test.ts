/**
 * `npm start` fails fast and says why: a bad scenario before anything starts, and a function
 * that refuses its configuration at cold start as soon as its first invocation shows it, both
 * with exit 2, never at the timeout.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '../../..');
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

const SEED = {
  mapping: {
    networkId: '12345678',
    usernameAttribute: 'email',
    securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGENG001' }],
    defaultSecurityGroupId: 'SGDEFLT1',
    onNoMappedGroup: 'default',
  },
  wickr: {
    networkId: '12345678',
    securityGroups: [
      { id: 'SGDEFLT1', name: 'Everyone', isDefault: true },
      { id: 'SGENG001', name: 'Engineering' },
    ],
    users: [],
  },
};
const EVENT = { source: 'wickr-idp-sync.generic', 'detail-type': 'IdentityUserState', detail: { eventId: 'ff-1', action: 'ok' } };

function npmStart(args: string[]): Promise<{ code: number | null; stderr: string; seconds: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'local/start.ts'), ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, seconds: (Date.now() - started) / 1000 })));
}

function scenario(seed: object): { seed: string; events: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fail-fast-'));
  writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
  writeFileSync(join(dir, 'events.jsonl'), `${JSON.stringify(EVENT)}\n`);
  return { seed: join(dir, 'seed.json'), events: join(dir, 'events.jsonl'), dir };
}

describe('npm start fails fast', () => {
  it('refuses a mapping naming a security group the network lacks, with exit 2, in under 10 s', async () => {
    const bad = scenario({ ...SEED, mapping: { ...SEED.mapping, securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGENG002' }] } });
    const run = await npmStart(['--seed', bad.seed, '--events', bad.events]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/mapping\.securityGroups\[0\]\.securityGroupId: SGENG002 is not a security group of the network/);
    expect(run.stderr).not.toMatch(/starting moto/);
    expect(run.seconds).toBeLessThan(10);
  });

  it('stops at once with the ConfigError of a function that cannot start, not at the timeout', async () => {
    const { seed, events, dir } = scenario(SEED);
    const template = JSON.parse(readFileSync(join(__dirname, 'fixtures/template.json'), 'utf8'));
    const fn = template.Resources.SyncLambdaFunction.Properties;
    fn.Handler = 'src/handlers/sync.handler';
    fn.Environment.Variables.WICKR_RETRY_MODE = 'sometimes';
    writeFileSync(join(dir, 'template.json'), JSON.stringify(template));
    const run = await npmStart(['--seed', seed, '--events', events, '--template', join(dir, 'template.json'), '--timeout', '300']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(/the function could not start: Runtime\.InitError: ConfigError: WICKR_RETRY_MODE/) });
    expect(run.seconds).toBeLessThan(120);
  });
});
