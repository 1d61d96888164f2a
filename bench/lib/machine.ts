import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** Where and when a benchmark ran: results from different machines are not comparable. */
export type MachineInfo = {
  readonly date: string;
  readonly node: string;
  readonly platform: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly memoryGb: number;
  /** Load average when the run started: other work on the machine skews figures. */
  readonly loadAverage1m: number;
  readonly gitCommit: string | null;
  readonly motoVersion: string | null;
};

/** Describes the machine, the Node version and the commit the run measured. */
export function describeMachine(motoVersion: string | null): MachineInfo {
  const list = cpus();
  let gitCommit: string | null = null;
  try {
    gitCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    gitCommit = null;
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpuModel: list[0]?.model ?? 'unknown',
    cpuCount: list.length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
    gitCommit,
    motoVersion,
  };
}
