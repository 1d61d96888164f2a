/**
 * CPU time and peak memory of a process, from Linux's /proc (the execution environments are
 * child processes; Lambda bills their duration and caps their memory).
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html, proc_pid_status.5.html
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** What one process has used so far; undefined once it is gone. */
export type ProcessUsage = { readonly cpuMs: number; readonly peakRssMb: number; readonly rssMb: number };

/** Reads the CPU time (user + system) and peak / current resident set of `pid`. */
export function processUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime (14) + stime (15), 1-based from pid
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / USER_HZ, peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Follows a changing set of processes (environments restart after a crash): keeps the last usage
 * seen per pid, so a process that exits still counts with what it had used at the last sample.
 */
export class ProcessTracker {
  readonly #last = new Map<number, ProcessUsage>();

  /** Samples every pid now. */
  public sample(pids: readonly number[]): void {
    for (const pid of pids) {
      const usage = processUsage(pid);
      if (usage) this.#last.set(pid, usage);
    }
  }

  /** CPU time of all processes seen, peak RSS of the largest, and how many there were. */
  public totals(): { cpuMs: number; peakRssMb: number; processes: number } {
    const all = [...this.#last.values()];
    return { cpuMs: all.reduce((a, u) => a + u.cpuMs, 0), peakRssMb: Math.max(0, ...all.map((u) => u.peakRssMb)), processes: all.length };
  }
}
