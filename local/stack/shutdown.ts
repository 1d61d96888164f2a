/** Exit codes of a process ended by a signal: 128 + the signal number, as shells report them. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Runs `cleanup` once on SIGINT or SIGTERM (Ctrl-C, `kill`), then exits with 130 or 143, so
 * moto, the emulators and the execution environments never outlive the command. A second
 * signal while cleaning up exits at once. Returns a function that removes the handlers.
 */
export function onTerminationSignals(cleanup: () => Promise<void>, log: (line: string) => void = () => {}): () => void {
  let stopping = false;
  const handler = (signal: keyof typeof SIGNAL_EXIT_CODES): void => {
    if (stopping) process.exit(SIGNAL_EXIT_CODES[signal]);
    stopping = true;
    log(`\n${signal}: stopping the local stack…`);
    cleanup()
      .catch((error: unknown) => log(`while stopping: ${(error as Error).message}`))
      .finally(() => process.exit(SIGNAL_EXIT_CODES[signal]));
  };
  const onInt = (): void => handler('SIGINT');
  const onTerm = (): void => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
