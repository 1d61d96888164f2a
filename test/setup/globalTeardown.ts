import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRunCoverage } from '../../local/stack/iam/coverage';

type Config = { selectProjects?: string[]; testPathPatterns?: { patterns?: string[] }; testNamePattern?: string; onlyChanged?: boolean; findRelatedTests?: boolean };

/** Stops the moto server that globalSetup started, if it started one; then checks the run's IAM coverage. */
export default async function globalTeardown(globalConfig: Config): Promise<void> {
  await (globalThis as { __moto?: { stop(): Promise<void> } }).__moto?.stop();
  // Only a run of every e2e file can say which granted actions no test exercises.
  const wholeE2E =
    (globalConfig.selectProjects === undefined || globalConfig.selectProjects.includes('e2e')) &&
    (globalConfig.testPathPatterns?.patterns ?? []).length === 0 &&
    !globalConfig.testNamePattern &&
    !globalConfig.onlyChanged &&
    !globalConfig.findRelatedTests;
  checkRunCoverage(readFileSync(join(__dirname, '../../docs/operations.md'), 'utf8'), wholeE2E);
}
