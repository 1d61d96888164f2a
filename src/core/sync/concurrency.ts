/**
 * Runs tasks with at most `limit` in flight. Tasks are started in order; `shouldStart` is
 * asked before each start so callers can stop launching work (deadline, throttling) and
 * hand the rest back instead.
 */
export async function runBounded<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
  shouldStart: (item: T) => boolean = () => true,
  onSkipped: (item: T) => void = () => undefined,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      if (!shouldStart(item)) {
        onSkipped(item);
        continue;
      }
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
