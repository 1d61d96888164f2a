import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { waitFor } from './waitFor';

const root = join(__dirname, '../../..');
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** Every process whose ancestry leads to `pid` (read from /proc). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of parents)
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  return found;
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A scenario whose events keep the stand-in handler busy for a minute, with a function timeout longer than that. */
function writeScenario(): { seed: string; events: string; template: string } {
  const dir = mkdtempSync(join(tmpdir(), 'local-stack-'));
  const template = JSON.parse(readFileSync(join(__dirname, 'fixtures/template.json'), 'utf8'));
  template.Resources.SyncLambdaFunction.Properties.Timeout = 120;
  template.Resources.EventsQueue.Properties.VisibilityTimeout = 720;
  writeFileSync(join(dir, 'template.json'), JSON.stringify(template));
  const seed = {
    mapping: { networkId: '12345678', usernameAttribute: 'email', securityGroups: [], defaultSecurityGroupId: 'SGDEFLT1', onNoMappedGroup: 'default', onDeactivate: 'suspend', onDelete: 'suspend' },
    wickr: { networkId: '12345678', securityGroups: [{ id: 'SGDEFLT1', name: 'Everyone', isDefault: true }], users: [] },
  };
  const event = (id: string): string => JSON.stringify({ source: 'wickr-idp-sync.generic', 'detail-type': 'IdentityUserState', detail: { eventId: id, action: 'sleep', ms: 60_000 } });
  writeFileSync(join(dir, 'seed.json'), JSON.stringify(seed));
  writeFileSync(join(dir, 'events.jsonl'), `${event('slow-1')}\n${event('slow-2')}\n`);
  return { seed: join(dir, 'seed.json'), events: join(dir, 'events.jsonl'), template: join(dir, 'template.json') };
}

function startCli(extra: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const { seed, events, template } = writeScenario();
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'local/start.ts'), '--seed', seed, '--events', events, '--template', template, ...extra], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** moto (python) and at least one execution environment (node) are running under the CLI. */
async function busyTree(cli: { child: ChildProcess; stderr: () => string }): Promise<number[]> {
  const pid = cli.child.pid as number;
  return waitFor(
    () => `moto and a busy execution environment (stderr: ${cli.stderr()})`,
    () => {
      if (cli.child.exitCode !== null) throw new Error(`the CLI exited early (${cli.child.exitCode}): ${cli.stderr()}`);
      const tree = descendants(pid);
      const names = tree.map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      });
      return names.some((n) => n.includes('moto.server')) && names.some((n) => n.includes('worker.ts')) ? tree : undefined;
    },
    40_000,
  );
}

describe('npm start shutdown', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('stops moto, the emulators and every execution environment on %s', async (signal, code) => {
    // Prepare
    const cli = startCli([]);
    const tree = await busyTree(cli);

    // Act
    cli.child.kill(signal);
    const exitCode = await cli.exited;

    // Assess
    expect(exitCode).toBe(code);
    await waitFor('every process of the stack gone', () => tree.every((p) => !alive(p)), 10_000);
    expect(cli.stderr()).toContain(`${signal}: stopping the local stack`);
  });

  it('stops everything and exits 1 when the run fails (here: a timeout)', async () => {
    const cli = startCli(['--timeout', '10']);
    const tree = await busyTree(cli);

    const exitCode = await cli.exited;

    expect(exitCode).toBe(1);
    expect(cli.stderr()).toMatch(/error: the events did not settle within 10 s: .*2 in flight/);
    await waitFor('every process of the stack gone', () => tree.every((p) => !alive(p)), 10_000);
  });
});
