import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnTemplate } from './cfn';

/**
 * Packages the stack with `npm run package` and hands out the generated CloudFormation.
 * osls uses `<service>/.serverless` (and serverless-esbuild `<service>/.esbuild`) as scratch
 * space, so two packagings in one directory break each other: each run works in its own copy
 * of the service (node_modules linked). Jest runs test files in parallel workers: a lock per
 * variant lets one worker package while the others wait, and the result is kept under a key
 * made of everything that shapes it, so a jest run packages each variant at most once (and
 * not again until an input changes).
 */

/** The parameter sets the tests package with. */
export const StackVariant = {
  /** Only the required parameter: no Okta, no Identity Center, no generic source, no SCIM endpoint, no alarm e-mail. */
  Minimal: 'minimal',
  /** Every optional source and setting turned on, with non-default numbers. Between them, the two variants take every condition both ways. */
  Full: 'full',
} as const;
export type StackVariant = (typeof StackVariant)[keyof typeof StackVariant];

export const TEST_STAGE = 'stacktest';

export const VARIANT_PARAMS: Record<StackVariant, Readonly<Record<string, string>>> = {
  minimal: { wickrNetworkId: '12345678' },
  full: {
    wickrNetworkId: '87654321',
    wickrRegion: 'eu-west-2',
    oktaEventSourceName: 'aws.partner/okta.com/example-org/wickr-sync',
    oktaOrgUrl: 'https://example.okta.com',
    oktaTokenSecretId: 'wickr-idp-sync/okta-token',
    identityCenterEnabled: 'true',
    identityStoreId: 'd-1234567890',
    alarmEmail: 'ops@example.com',
    genericPublisherArns: 'arn:aws:iam::111122223333:role/idp-relay,arn:aws:iam::123456789012:role/bridges/entra-bridge',
    redrivePrincipalArns: 'arn:aws:iam::123456789012:role/ops/redrive',
    dryRun: 'true',
    batchSize: '20',
    batchingWindow: '10',
    maximumConcurrency: '3',
    wickrConcurrency: '6',
    functionTimeout: '45',
    maxReceiveCount: '8',
    logRetentionDays: '90',
    reconcileSchedule: 'off',
    configMaxAgeSeconds: '120',
    scimEnabled: 'true',
    scimThrottleRate: '30',
    scimThrottleBurst: '60',
  },
};

const ROOT = join(__dirname, '../../../..');
const INPUTS = ['serverless.yml', 'esbuild.config.js', 'package.json', 'package-lock.json', 'tsconfig.json', 'stack', 'src'];
/** What `osls package` reads from the service directory (besides node_modules). */
const SERVICE_FILES = ['serverless.yml', 'esbuild.config.js', 'package.json', 'tsconfig.json', 'stack', 'src'];
const PACKAGE_TIMEOUT_MS = 120_000;
const LOCK_STALE_MS = 180_000;

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** A digest of the inputs, so a changed stack or handler is packaged again. */
function inputsDigest(variant: StackVariant): string {
  const hash = createHash('sha256').update(JSON.stringify({ variant, params: VARIANT_PARAMS[variant], stage: TEST_STAGE }));
  for (const file of INPUTS.flatMap(filesUnder)) hash.update(file).update(readFileSync(join(ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

/** A private copy of the service to package in. */
function serviceCopy(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of SERVICE_FILES) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function runPackage(serviceDir: string, outDir: string, variant: StackVariant): Promise<void> {
  const params = Object.entries(VARIANT_PARAMS[variant]).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
  const args = ['run', 'package', '--', '--stage', TEST_STAGE, '--package', outDir, ...params];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: serviceDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), PACKAGE_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

async function waitFor(condition: () => boolean, deadlineMs: number, what: string): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Takes the packaging lock, so parallel workers package a variant once between them. */
async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 2 * PACKAGE_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A worker killed mid-packaging leaves its lock behind.
      const lock = statSync(lockDir, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > LOCK_STALE_MS) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the packaging lock ${lockDir}`);
      await waitFor(() => !existsSync(lockDir), deadline - Date.now(), 'the packaging lock');
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

const loaded = new Map<StackVariant, Promise<string>>();

/** The directory `osls package --package` wrote a variant to (template and code zip). */
export function packagedDir(variant: StackVariant): Promise<string> {
  let pending = loaded.get(variant);
  if (!pending) {
    pending = (async () => {
      const cacheRoot = join(tmpdir(), `wickr-idp-sync-stack-tests-${createHash('sha256').update(ROOT).digest('hex').slice(0, 8)}`);
      mkdirSync(cacheRoot, { recursive: true });
      const outDir = join(cacheRoot, `${variant}-${inputsDigest(variant)}`);
      const done = join(outDir, 'done');
      if (!existsSync(done)) {
        await withLock(`${outDir}.lock`, async () => {
          if (existsSync(done)) return; // another worker packaged it while we waited
          rmSync(outDir, { recursive: true, force: true });
          const serviceDir = serviceCopy(join(cacheRoot, `service-${variant}-${process.pid}`));
          try {
            await runPackage(serviceDir, outDir, variant);
          } finally {
            rmSync(serviceDir, { recursive: true, force: true });
          }
          writeFileSync(done, new Date().toISOString());
        });
      }
      return outDir;
    })();
    loaded.set(variant, pending);
  }
  return pending;
}

/** The packaged `cloudformation-template-update-stack.json` of a variant. */
export async function packagedTemplate(variant: StackVariant): Promise<CfnTemplate> {
  const dir = await packagedDir(variant);
  return JSON.parse(readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as CfnTemplate;
}
