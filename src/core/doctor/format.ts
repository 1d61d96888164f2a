/** The doctor's table: one row per check, then the fix of each row that failed or warned. */
import { CheckStatus, type DoctorReport } from './types';

const MARK: Record<CheckStatus, string> = { pass: 'pass', fail: 'FAIL', warn: 'warn', skipped: 'skip' };

/** The table as lines: `check  status  detail`, the fixes below it, and a last line with the verdict. */
export function formatDoctorReport(report: DoctorReport): string[] {
  const width = Math.max('check'.length, ...report.checks.map((c) => c.name.length));
  const rows = report.checks.map((c) => `${c.name.padEnd(width)}  ${MARK[c.status].padEnd(6)}  ${c.detail}`);
  const fixes = report.checks.filter((c) => c.fix !== undefined && (c.status === CheckStatus.Fail || c.status === CheckStatus.Warn)).map((c) => `  ${c.name}: ${c.fix}`);
  const failed = report.checks.filter((c) => c.status === CheckStatus.Fail).length;
  const verdict = report.ok ? `all checks passed${fixes.length > 0 ? ' (see the warnings)' : ''}` : `${failed} check${failed === 1 ? '' : 's'} failed`;
  return [`${'check'.padEnd(width)}  ${'status'.padEnd(6)}  detail`, ...rows, ...(fixes.length > 0 ? ['', 'to fix:', ...fixes] : []), '', verdict];
}
