/**
 * The in-process rig: the Wickr and Okta emulators in this (parent) process, the state table and
 * queues in moto, and the real handler in a worker process.
 */
import { DynamoStateStore } from '../../src/adapters/aws/DynamoStateStore';
import { userKey } from '../../src/core/events';
import { IdpSource } from '../../src/core/types';
import { startOktaEmulator, type OktaEmulator, type OktaSeed } from '../../local/okta-emulator';
import { startWickrEmulator, type WickrEmulator, type WickrSeed } from '../../local/wickr-emulator';
import { createScenarioResources, CREDENTIALS, motoClients } from '../lib/aws';
import { startKeepAliveProxy } from '../lib/keepAliveProxy';
import { BENCH_MAPPING, OKTA_TOKEN, type BenchUser } from '../lib/population';
import { startHandlerWorker, type HandlerWorker } from './client';

/** A started rig. */
export type Rig = {
  readonly wickr: WickrEmulator;
  readonly okta: OktaEmulator;
  readonly worker: HandlerWorker;
  /** Writes the IdP→Wickr links a user has after its first sync, so its next event reads by id. */
  link(users: readonly BenchUser[], groupIds?: readonly string[]): Promise<void>;
  stop(): Promise<void>;
};

/** Starts the rig with these seeds (the local stack's seed format) and `concurrency` users at once per invocation. */
export async function startRig(motoEndpoint: string, seeds: { wickr: object; okta: object }, label: string, concurrency = 4): Promise<Rig> {
  const wickr = await startWickrEmulator({ seed: { ...(seeds.wickr as WickrSeed), credentials: { ...CREDENTIALS }, region: 'us-east-1' } });
  const okta = await startOktaEmulator({ seed: seeds.okta as OktaSeed });
  const resources = await createScenarioResources(motoEndpoint, label);
  // The worker reaches moto through a keep-alive proxy, as a Lambda function reaches DynamoDB over kept-alive connections.
  const aws = await startKeepAliveProxy(motoEndpoint);
  const worker = await startHandlerWorker(aws.url, {
    wickrEndpoint: wickr.url,
    awsEndpoint: aws.url,
    oktaOrgUrl: okta.url,
    oktaToken: OKTA_TOKEN,
    ...resources,
    mapping: BENCH_MAPPING as unknown as Record<string, unknown>,
    concurrency,
  });
  const store = new DynamoStateStore({ client: motoClients(motoEndpoint).dynamodb, tableName: resources.tableName });
  return {
    wickr,
    okta,
    worker,
    link: async (users, groupIds = []) => {
      // As the consumer links a user: the link, and its source's claim on the Wickr user.
      for (const u of users) {
        await store.putLink(userKey(IdpSource.Okta, u.oktaId), { wickrUserId: u.wickrUserId, groupIds });
        await store.claimWickrOwner(u.wickrUserId, IdpSource.Okta, userKey(IdpSource.Okta, u.oktaId));
      }
    },
    stop: async () => {
      await worker.stop();
      await aws.stop();
      await wickr.stop();
      await okta.stop();
    },
  };
}

/** Request counts per operation (all statuses) from a Wickr emulator state, minus an earlier snapshot. */
export function requestDelta(after: Record<string, Record<string, number>>, before: Record<string, Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [operation, byStatus] of Object.entries(after)) {
    const total = (m: Record<string, number> | undefined): number => Object.values(m ?? {}).reduce((a, b) => a + b, 0);
    const n = total(byStatus) - total(before[operation]);
    if (n) out[operation] = n;
  }
  return out;
}
