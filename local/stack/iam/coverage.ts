/**
 * The granted actions no test exercised, across every local stack of a test run. Jest runs the
 * e2e files in separate workers (and `npm start` in child processes), so each stack writes what
 * its roles grant and what its calls used to a directory (iamCheck.ts, {@link IAM_RECORD_DIR_ENV});
 * the global teardown adds them up and compares the rest with the list docs/operations.md explains.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { IAM_RECORD_DIR_ENV, type IamDenial, type UnexercisedGrant } from './iamCheck';

export { IAM_RECORD_DIR_ENV };

/** What the stacks of a run granted and used, added up. */
export type RunCoverage = {
  readonly stacks: number;
  readonly unexercised: UnexercisedGrant[];
  readonly denials: IamDenial[];
  /** Calls judged, simulations run (the rest were cached verdicts) and their time, over the run's processes. */
  readonly cost?: { calls: number; simulations: number; ms: number };
};

type Cost = { calls: number; simulations: number; ms: number };
type StackRecord = { granted: Record<string, string[]>; exercised: Record<string, string[]>; denials: IamDenial[]; cost?: Cost };

/** Adds up the records in `dir`. */
export function readRunCoverage(dir: string): RunCoverage {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  const granted = new Map<string, Set<string>>();
  const exercised = new Map<string, Set<string>>();
  const denials: IamDenial[] = [];
  // The cost counters are per module instance (`<pid>.<instance>`, one per test file in a jest worker) and cumulative: its last record holds its total.
  const costByProcess = new Map<string, Cost>();
  const add = (into: Map<string, Set<string>>, from: Record<string, string[]>): void => {
    for (const [role, actions] of Object.entries(from)) {
      let set = into.get(role);
      if (!set) into.set(role, (set = new Set()));
      for (const a of actions) set.add(a);
    }
  };
  for (const file of files) {
    const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as StackRecord;
    add(granted, record.granted);
    add(exercised, record.exercised);
    denials.push(...record.denials);
    const pid = file.split('-')[0] as string;
    if (record.cost && (costByProcess.get(pid)?.calls ?? -1) < record.cost.calls) costByProcess.set(pid, record.cost);
  }
  const cost = [...costByProcess.values()].reduce((a, c) => ({ calls: a.calls + c.calls, simulations: a.simulations + c.simulations, ms: a.ms + c.ms }), { calls: 0, simulations: 0, ms: 0 });
  const unexercised = [...granted].flatMap(([role, actions]) => [...actions].filter((a) => !exercised.get(role)?.has(a)).map((action) => ({ role, action })));
  return { stacks: files.length, unexercised: unexercised.sort((a, b) => `${a.role} ${a.action}`.localeCompare(`${b.role} ${b.action}`)), denials, cost };
}

/** Clears a run's record directory (the global setup, before any stack starts). */
export function clearRunCoverage(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The heading of the docs/operations.md table that explains each granted action no test exercises. */
export const UNEXERCISED_HEADING = '### Granted, not exercised locally';

/** The (role, action) rows of that table: `| \`Role\` | \`service:Action\` | why |`. */
export function documentedUnexercised(operationsMarkdown: string): UnexercisedGrant[] {
  const start = operationsMarkdown.indexOf(UNEXERCISED_HEADING);
  if (start < 0) return [];
  const section = operationsMarkdown.slice(start + UNEXERCISED_HEADING.length).split(/\n#{1,3} /)[0] ?? '';
  return [...section.matchAll(/^\| `([\w-]+)` \| `([\w-]+:[\w*]+)` \|/gm)].map((m) => ({ role: m[1] as string, action: m[2] as string }));
}

/** The difference between the run's unexercised grants and the documented ones, as messages; empty when they agree. */
export function compareWithDocs(run: RunCoverage, documented: readonly UnexercisedGrant[]): string[] {
  const key = (g: UnexercisedGrant): string => `${g.role} ${g.action}`;
  const doc = new Set(documented.map(key));
  const found = new Set(run.unexercised.map(key));
  return [
    ...[...found].filter((k) => !doc.has(k)).map((k) => `granted but exercised by no test, and not explained in docs/operations.md: ${k}`),
    ...[...doc].filter((k) => !found.has(k)).map((k) => `docs/operations.md explains ${k} as unexercised, but a test exercised it (or it is no longer granted)`),
  ];
}

/**
 * The end of a test run: prints the granted actions no stack exercised, and, when every e2e file
 * ran (`complete`), throws unless they are exactly the ones docs/operations.md explains.
 */
export function checkRunCoverage(operationsMarkdown: string, complete: boolean, say: (line: string) => void = (l) => void process.stderr.write(`${l}\n`)): void {
  const dir = process.env[IAM_RECORD_DIR_ENV];
  if (!dir) return;
  const run = readRunCoverage(dir);
  if (run.stacks === 0) return;
  const list = run.unexercised.map((g) => `${g.role} ${g.action}`).join(', ') || 'none';
  const cost = run.cost ? `, ${run.cost.calls} calls judged with ${run.cost.simulations} simulations in ${Math.round(run.cost.ms)} ms` : '';
  say(`IAM: ${run.stacks} local stack(s)${cost}, ${run.denials.length} distinct denial(s); granted but not exercised: ${list}`);
  if (!complete) return;
  const problems = compareWithDocs(run, documentedUnexercised(operationsMarkdown));
  if (problems.length > 0) throw new Error(`IAM coverage (docs/operations.md § ${UNEXERCISED_HEADING.slice(4)}):\n  ${problems.join('\n  ')}`);
}
