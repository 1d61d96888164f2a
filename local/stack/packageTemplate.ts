import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './esm/executionEnvironment';

/** The stage the local stack packages serverless.yml for. */
export const LOCAL_STAGE = 'local';

/**
 * The `--param`s of the local stage. Values the scenario decides (network id, identity store,
 * Okta org URL) are placeholders here and set per run in the function's environment. The short
 * function timeout keeps the queue's visibility (6 × timeout) short, so a crashed invocation's
 * batch comes back in a minute rather than six; it still leaves the handler 7 s of work after
 * the 3 s it keeps in reserve, enough for a loaded 2-core machine where moto is slow. The
 * generic source is on only for named publishers: the local stage names a stand-in role of
 * moto's account (moto keeps the bus policy but does not enforce it).
 */
export const LOCAL_PARAMS: Readonly<Record<string, string>> = {
  wickrNetworkId: '12345678',
  oktaEventSourceName: 'aws.partner/okta.com/example-org/wickr-sync',
  oktaOrgUrl: 'https://example-org.okta.com',
  oktaTokenSecretId: 'wickr-idp-sync/local/okta-token',
  identityCenterEnabled: 'true',
  identityStoreId: 'd-1234567890',
  genericPublisherArns: 'arn:aws:iam::123456789012:role/wickr-idp-sync-local-publisher',
  functionTimeout: '10',
  batchSize: '10',
  batchingWindow: '1',
  maximumConcurrency: '4',
  maxReceiveCount: '5',
  logLevel: 'INFO',
};

function newestInput(): number {
  const files = [join(PROJECT_ROOT, 'serverless.yml')];
  const stackDir = join(PROJECT_ROOT, 'stack');
  if (existsSync(stackDir)) for (const f of readdirSync(stackDir)) files.push(join(stackDir, f));
  return Math.max(...files.filter(existsSync).map((f) => statSync(f).mtimeMs));
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // A lock left by a killed run is stale after two minutes.
      if (existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > 120_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`could not take ${lockDir} in time`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function runPackage(outputDir: string, params: Readonly<Record<string, string>>): Promise<void> {
  const args = ['run', 'package', '--', '--stage', LOCAL_STAGE, '--package', outputDir, ...Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`])];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-6000)));
    child.stderr.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-6000)));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/**
 * The packaged CloudFormation template of serverless.yml for the local stage: runs
 * `npm run package -- --stage local --package .local/stack/package-<hash> --param …` when the
 * template is missing or older than serverless.yml or stack/*. Each parameter set has its own
 * directory, so runs never read another stage's (or another run's) `.serverless/`.
 */
export async function packagedTemplate(overrides: Readonly<Record<string, string>> = {}, log: (line: string) => void = () => {}): Promise<string> {
  const params = { ...LOCAL_PARAMS, ...overrides };
  const key = createHash('sha256')
    .update(JSON.stringify(Object.entries(params).sort()))
    .digest('hex')
    .slice(0, 12);
  const base = join(PROJECT_ROOT, '.local/stack');
  mkdirSync(base, { recursive: true });
  const outputDir = join(base, `package-${key}`);
  const template = join(outputDir, 'cloudformation-template-update-stack.json');
  const fresh = (): boolean => existsSync(template) && statSync(template).mtimeMs >= newestInput();
  if (fresh()) return template;
  return withLock(`${outputDir}.lock`, async () => {
    if (fresh()) return template;
    log(`packaging serverless.yml for stage ${LOCAL_STAGE} (npm run package)…`);
    await runPackage(outputDir, params);
    return template;
  });
}
