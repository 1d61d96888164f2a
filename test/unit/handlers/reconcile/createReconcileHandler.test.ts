import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { DependencyError } from '../../../../src/core/errors';
import { TEST_CONFIG } from '../../../helpers/config';
import { createReconcileHandler } from '../../../../src/handlers/reconcile/createReconcileHandler';
import { FakeContinuation } from '../../../helpers/fakes';
import { ReconcileWorld, company } from '../../../helpers/reconcileWorld';

const config = TEST_CONFIG;

function context(remainingMs: number): Context {
  return { functionName: 'wickr-idp-sync-prod-reconcile', awsRequestId: `req-${remainingMs}`, getRemainingTimeInMillis: () => remainingMs } as unknown as Context;
}

function setup(world: ReconcileWorld) {
  const continuation = new FakeContinuation();
  const targets: string[] = [];
  const logged: unknown[] = [];
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  jest.spyOn(logger, 'info').mockImplementation((...args: unknown[]) => void logged.push(args));
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const added: [string, number][] = [];
  jest.spyOn(metrics, 'addMetric').mockImplementation((name: string, _unit: unknown, value: number) => {
    added.push([name, value]);
    return metrics;
  });
  const handler = createReconcileHandler({
    config,
    logger,
    metrics,
    store: world.runs,
    queue: world.queue,
    clock: world.clock,
    newRunId: () => 'run-x',
    wickrListFor: () => world.wickrList,
    loadMapping: async () => world.mapping,
    loadListers: async () => [world.lister],
    continuationFor: (name) => {
      targets.push(name);
      return continuation;
    },
  });
  return { handler, continuation, targets, logged, added };
}

describe('Function: createReconcileHandler()', () => {
  it('runs a scheduled (EventBridge) invocation as a full run and reports one summary line and the metrics', async () => {
    const { users, wickrUsers } = company(20);
    const world = new ReconcileWorld(users, [{ ...(wickrUsers[0] as (typeof wickrUsers)[0]), firstName: 'X' }, ...wickrUsers.slice(1)]);
    const { handler, logged, added } = setup(world);
    const outcome = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }, context(900_000));
    expect(outcome).toMatchObject({ status: 'finished', result: { runId: 'run-x', status: 'succeeded', counts: { drifted: 1, messagesSent: 1 } } });
    expect(logged.filter((l) => (l as unknown[])[0] === 'reconcile summary')).toHaveLength(1);
    expect(added).toEqual([
      ['ReconcileDrifted', 1],
      ['ReconcileSuspensions', 0],
      ['ReconcileDeletions', 0],
      ['ReconcileGuardTripped', 0],
      ['ReconcileDurationMs', expect.any(Number)],
    ]);
  });

  it('continues through its own function name when the time is short', async () => {
    const { users, wickrUsers } = company(500);
    const world = new ReconcileWorld(users, wickrUsers);
    world.tick = 50;
    const { handler, continuation, targets } = setup(world);
    const outcome = await handler({ dryRun: true }, context(1_000));
    expect(outcome).toMatchObject({ status: 'continuing', runId: 'run-x' });
    expect(targets).toEqual(['wickr-idp-sync-prod-reconcile']);
    expect(continuation.payloads).toEqual([{ continueRunId: 'run-x', token: expect.stringMatching(/^run-x#/) }]);
  });

  it('throws when a run fails, so the function error alarm fires', async () => {
    const { users, wickrUsers } = company(5);
    const world = new ReconcileWorld(users, wickrUsers);
    world.lister.failNext = [undefined, new DependencyError('Okta 500', { dependency: 'directory', kind: 'TRANSIENT' })];
    const { handler } = setup(world);
    await expect(handler({}, context(900_000))).rejects.toMatchObject({ name: 'ReconcileFailedError', result: { reason: 'IdpListingFailed' } });
  });

  it('rejects an unknown payload field, naming it', async () => {
    const world = new ReconcileWorld([], []);
    const { handler } = setup(world);
    await expect(handler({ dryrun: true }, context(900_000))).rejects.toThrow(/payload/);
    await expect(handler({ user: 42 }, context(900_000))).rejects.toThrow(/payload\.user/);
  });
});
