/** The cold-start baseline: a handler that does nothing, bundled exactly as the real one is. */
export const handler = async (): Promise<{ batchItemFailures: [] }> => ({ batchItemFailures: [] });
