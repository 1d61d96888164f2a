/** Stops the moto server that globalSetup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __moto?: { stop(): Promise<void> } }).__moto?.stop();
}
