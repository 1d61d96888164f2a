import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { functionEnvironment } from '../../../../local/stack/functionEnvironment';
import { parseStartArgs, START_FLAGS, StartExit, StartUsage, startUsage } from '../../../../local/stack/startArgs';
import { STACK_DEFAULT_PARAMS } from '../../../helpers/stackParams';

const ROOT = join(__dirname, '../../../..');

function usageOf(argv: string[]): StartUsage {
  try {
    parseStartArgs(argv);
  } catch (error) {
    if (error instanceof StartUsage) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('npm start arguments', () => {
  it('--help exits 0 and lists every flag with the exit codes', () => {
    const help = usageOf(['--help']);
    expect(help.code).toBe(StartExit.ok);
    for (const flag of Object.keys(START_FLAGS)) expect(help.message).toContain(`--${flag}`);
    expect(help.message).toMatch(/4 a reconcile's guard stopped it/);
  });

  it('takes --allow-mass-change with a reconcile run, and refuses it without one', () => {
    expect(parseStartArgs(['--seed', 's.json', '--reconcile', '--allow-mass-change'])).toMatchObject({ reconcile: true, allowMassChange: true });
    expect(usageOf(['--allow-mass-change']).code).toBe(StartExit.badInput);
  });

  it('refuses an unknown flag or a bad value with exit 2 and the usage', () => {
    const unknown = usageOf(['--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.message).toContain(startUsage());
    expect(usageOf(['--timeout', 'soon']).message).toMatch(/^--timeout: expected seconds/);
    expect(usageOf(['--seed', 's.json']).code).toBe(2);
  });

  it('keeps the guard exit code of the deployed npm run reconcile', () => {
    expect(readFileSync(join(ROOT, 'scripts/reconcile.ts'), 'utf8')).toMatch(/if \(result\.status === 'guardTripped'\) return 4;/);
    expect(StartExit.guardTripped).toBe(4);
  });
});

describe('--show-pii stays on this machine', () => {
  it('is an option of npm start that only chooses how the summary masks', () => {
    expect(parseStartArgs(['--show-pii']).showPii).toBe(true);
    const start = readFileSync(join(ROOT, 'local/start.ts'), 'utf8');
    const uses = start.split('\n').filter((line) => line.includes('showPii'));
    expect(uses).toEqual([expect.stringMatching(/const mask = args\.showPii \? CLEAR : createMasker/)]);
  });

  it('is read nowhere in the functions, the stack definition or its settings', () => {
    const deployed = [...filesUnder(join(ROOT, 'src')), ...filesUnder(join(ROOT, 'stack')), join(ROOT, 'serverless.yml')];
    const mentions = deployed.filter((path) => /show.?pii/i.test(readFileSync(path, 'utf8')));
    expect(mentions).toEqual([]);
  });

  it('cannot reach a packaged function environment, even as a --param or a shell variable', async () => {
    // stack/settings.js is plain CommonJS (osls loads it).
    const settings = require('../../../../stack/settings') as { environment: (o: { resolveVariable: (a: string) => Promise<unknown> }) => Promise<Record<string, string>> };
    const params: Record<string, string> = { ...STACK_DEFAULT_PARAMS, showPii: 'true', 'show-pii': 'true' };
    const resolveVariable = async (address: string): Promise<unknown> => (address === 'sls:stage' ? 'prod' : (params[/^param:([^,]+)/.exec(address)?.[1] ?? ''] ?? ''));
    const packaged = await settings.environment({ resolveVariable });
    expect(Object.keys(packaged).filter((k) => /pii/i.test(k))).toEqual([]);
    process.env.SHOW_PII = 'true';
    try {
      const local = functionEnvironment(
        { logicalId: 'F', name: 'f', handler: 'src/handlers/sync.handler', timeoutSeconds: 10, memorySizeMb: 256, environment: packaged },
        {
          motoEndpoint: 'http://127.0.0.1:1',
          region: 'us-east-1',
          wickrEndpoint: 'http://127.0.0.1:2',
          wickrNetworkId: '12345678',
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        },
      );
      expect(Object.keys(local).filter((k) => /pii/i.test(k))).toEqual([]);
    } finally {
      delete process.env.SHOW_PII;
    }
  });
});
