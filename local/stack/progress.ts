/** What the progress bar shows. */
export type ProgressState = { readonly published: number; readonly total: number; readonly settled: number; readonly retried: number; readonly invocations: number };

/** A one-line progress bar, plain ANSI on a TTY; does nothing elsewhere (CI logs, pipes). */
export type Progress = { update(state: ProgressState): void; done(): void };

const WIDTH = 30;

/** Creates the bar on `stream` (stderr), enabled only when it is a TTY. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, enabled = Boolean(stream.isTTY)): Progress {
  let last = '';
  let drawn = false;
  return {
    update(state) {
      if (!enabled) return;
      const ratio = state.total ? Math.min(1, state.settled / state.total) : 0;
      const filled = Math.round(ratio * WIDTH);
      const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${state.settled}/${state.total} settled · ${state.published} published · ${state.retried} retried · ${state.invocations} invocations`;
      if (line === last) return;
      last = line;
      drawn = true;
      // \r to the line start, \x1b[K to clear what a longer previous line left.
      stream.write(`\r${line}\x1b[K`);
    },
    done() {
      if (enabled && drawn) stream.write('\n');
      drawn = false;
    },
  };
}
