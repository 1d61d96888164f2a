/**
 * osls resolves every `${file(./stack/settings.js):…}` of serverless.yml; a bad parameter must
 * still be said once, not once per variable (two dozen times).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

function osls(args: string[]): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[key];
  const child = spawn(process.execPath, [join(root, 'node_modules/osls/bin/serverless.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('packaging with a bad parameter', () => {
  it('says a missing wickrNetworkId once, with the fix, and fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'package-message-'));
    try {
      const { code, output } = await osls(['package', '--stage', 'msgtest', '--package', dir]);
      expect(code).not.toBe(0);
      expect(output.match(/invalid stack parameters/g)).toHaveLength(1);
      expect(output.match(/--param wickrNetworkId="": expected the 8-digit Wickr network id/g)).toHaveLength(1);
      expect(output).toMatch(/Pass them with --param name=value/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
