import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One finding of cfn-lint's JSON output. */
export type CfnLintFinding = {
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: readonly (string | number)[] };
};

/**
 * The Python with cfn-lint: it is installed next to moto in the machine's pyenv Python, found as
 * local/moto/startMoto.ts finds moto. This cfn-lint has no `__main__` module, so it is run
 * through its runner rather than with `python -m cfnlint`.
 */
function findCfnLintPython(): string {
  const candidates = ['python3', join(homedir(), '.pyenv/shims/python3')];
  const versions = join(homedir(), '.pyenv/versions');
  if (existsSync(versions)) for (const v of readdirSync(versions)) candidates.push(join(versions, v, 'bin/python3'));
  const found = candidates.find((c) => spawnSync(c, ['-c', 'import cfnlint.runner'], { stdio: 'ignore' }).status === 0);
  if (!found) throw new Error('No python3 with cfn-lint found: cfn-lint ships with moto in the pyenv Python of the node machine image');
  return found;
}

/** Lints a CloudFormation template file; returns every finding (errors, warnings, information). */
export function cfnLint(templatePath: string): CfnLintFinding[] {
  const run = spawnSync(findCfnLintPython(), ['-c', 'import sys; from cfnlint.runner import main; sys.exit(main())', '--format', 'json', '--', templatePath], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  // Exit codes: 0 clean, or a bit mask of 2 (errors), 4 (warnings), 8 (information); anything else is a crash.
  if (run.status === null || (run.status & ~0b1110) !== 0) throw new Error(`cfn-lint failed (${run.status ?? run.signal}): ${run.stderr}`);
  return JSON.parse(run.stdout || '[]') as CfnLintFinding[];
}
