/**
 * `npm start -- --scim-port <port>`: serve the SCIM endpoint until SIGINT or SIGTERM, then let
 * the requests in flight and the messages they queued finish (at most the timeout) and report.
 */
import { buildReport, RunTimeoutError, waitUntilSettled } from '../run';
import type { Report } from '../report';
import type { LocalStack } from '../stack';

/** The report of a SCIM session: the usual one, and the SCIM answers by status. */
export type ScimSessionReport = Report & { readonly scim: { readonly url: string; readonly requests: Readonly<Record<string, number>> } };

/** Polls the endpoint until it answers (any HTTP status), so "ready" is printed only then. */
export async function waitUntilAnswering(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(`${url}/ServiceProviderConfig`, { signal: AbortSignal.timeout(10_000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the SCIM endpoint ${url} did not answer within ${timeoutMs / 1000} s: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Resolves on the first SIGINT or SIGTERM (a second one exits at once, as elsewhere in npm start). */
export function nextTerminationSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const once = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', once);
      process.off('SIGTERM', once);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', once);
    process.on('SIGTERM', once);
  });
}

/**
 * Waits for the stop signal, closes the endpoint (requests in flight finish, the outbox is
 * drained once more), waits until every queued message has an outcome, and reports. Time is
 * bounded by `timeoutMs` in all; what did not settle by then is said, not waited for.
 */
export async function serveUntilStopped(
  stack: LocalStack,
  options: { readonly timeoutMs: number; readonly requests: Readonly<Record<string, number>>; readonly published?: number; readonly say: (line: string) => void; readonly stop?: Promise<unknown> },
): Promise<ScimSessionReport> {
  const scim = stack.scim;
  if (!scim) throw new Error('the local stack has no SCIM endpoint');
  const startedAt = Date.now();
  const signal = await (options.stop ?? nextTerminationSignal());
  const deadline = Date.now() + options.timeoutMs;
  options.say(
    `${typeof signal === 'string' ? signal : 'stop'}: ${scim.server.inFlight()} SCIM request(s) in flight; finishing them and the work they queued (at most ${Math.round(options.timeoutMs / 1000)} s)…`,
  );
  await scim.server.close(options.timeoutMs);
  try {
    await waitUntilSettled(stack, Math.max(1_000, deadline - Date.now()));
  } catch (error) {
    if (!(error instanceof RunTimeoutError)) throw error;
    options.say(`warning: ${error.message}`);
  }
  const report = await buildReport(stack, options.published ?? 0, startedAt);
  return { ...report, scim: { url: scim.server.url, requests: { ...options.requests } } };
}
