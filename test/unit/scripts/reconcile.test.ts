import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { main, reconcileFunctionName } from '../../../scripts/reconcile';
import { TEST_CONFIG } from '../../helpers/config';
import { createReconcileHandler } from '../../../src/handlers/reconcile/createReconcileHandler';
import { ReconcileWorld, company, worldMapping } from '../../helpers/reconcileWorld';

const config = TEST_CONFIG;
const context = (remainingMs: number) => ({ functionName: 'f', awsRequestId: `r${Math.random()}`, getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

/** The script against the real handler in process: the continuation runs when the script waits. */
function deployed(world: ReconcileWorld, firstRemainingMs = 900_000) {
  const pending: Record<string, unknown>[] = [];
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  const handler = createReconcileHandler({
    config,
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics,
    store: world.runs,
    queue: world.queue,
    clock: world.clock,
    wickrListFor: () => world.wickrList,
    loadMapping: async () => world.mapping,
    loadListers: async () => [world.lister],
    continuationFor: () => ({ continueRun: async (p) => void pending.push({ ...p }) }),
  });
  let first = true;
  const invoke = async (payload: Record<string, unknown>) => {
    const remaining = first ? firstRemainingMs : 900_000;
    first = false;
    return handler(payload, context(remaining));
  };
  const sleep = async () => {
    while (pending.length > 0) await handler(pending.shift(), context(900_000));
  };
  const lines: string[] = [];
  return { run: (argv: string[]) => main(argv, { invoke, sleep, out: (l) => lines.push(l), now: () => 0 }), lines, invoke };
}

describe('npm run reconcile', () => {
  it('derives the function name from the stage as osls names it', () => {
    expect(reconcileFunctionName('prod')).toBe('wickr-idp-sync-prod-reconcile');
  });

  it("prints the guard's numbers and ways on, and the mapping warnings", async () => {
    const { users, wickrUsers } = company(60);
    const admins = { id: '00gAdmins', name: 'Wickr Admins' };
    for (let i = 0; i < 6; i += 1) users[i] = { ...(users[i] as (typeof users)[0]), groups: [admins] };
    const mapping = worldMapping({
      securityGroups: [
        { idpGroup: admins.id, securityGroupId: 'SGADMIN' },
        { idpGroup: 'Wickr Admins', securityGroupId: 'SGADMIN' },
      ],
      privilegedSecurityGroupIds: ['SGADMIN'],
    });
    const { run, lines } = deployed(new ReconcileWorld(users, wickrUsers, mapping));
    expect(await run(['--stage', 'prod'])).toBe(4);
    const text = lines.join('\n');
    expect(text).toMatch(/^to promote +6$/m);
    expect(text).toContain(
      'reason: 6 promotions into a privileged security group planned, more than guard.maxPromotions (5). Check the plan (--dry-run), then raise guard.maxPromotions in the mapping, or re-run with --allow-mass-change',
    );
    expect(text).toContain('warning: securityGroups[1] ("Wickr Admins" → SGADMIN) is privileged and matched no IdP group by id');
  });

  it('prints the plan and the summary table of a dry run', async () => {
    const { users, wickrUsers } = company(10);
    wickrUsers[3] = { ...(wickrUsers[3] as (typeof wickrUsers)[0]), suspended: true, firstName: 'Console' };
    const { run, lines } = deployed(new ReconcileWorld(users, wickrUsers));
    expect(await run(['--stage', 'prod', '--dry-run'])).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('invoking wickr-idp-sync-prod-reconcile {"dryRun":true}');
    expect(text).toMatch(/plan \(dry run: nothing sent\):\n {2}drift +wickr w3 +okta:u3 {2}firstName, unsuspended/);
    expect(text).toMatch(/^drifted +1$/m);
    expect(text).toMatch(/^ {2}firstName +1$/m);
    expect(text).toMatch(/^to unsuspend +1$/m);
    expect(text).toMatch(/^in scope +10$/m);
    expect(text).not.toContain('user3@example.com');
  });

  it('waits for a run that continues in fresh invocations, then prints its result', async () => {
    const { users, wickrUsers } = company(400);
    const world = new ReconcileWorld(users, wickrUsers);
    world.tick = 40;
    const { run, lines } = deployed(world, 1_000);
    expect(await run(['--stage', 'prod'])).toBe(0);
    expect(lines.join('\n')).toMatch(/continues in a fresh invocation/);
    expect(lines.join('\n')).toMatch(/^linked +400$/m);
  });

  it('exits 4 with the reason when the guard stops the run, and 2 without a stage', async () => {
    const { users, wickrUsers } = company(10);
    const { run, lines } = deployed(new ReconcileWorld([], wickrUsers));
    expect(await run(['--stage', 'prod'])).toBe(4);
    expect(lines.join('\n')).toMatch(/EmptyIdpListing/);
    expect(await run([])).toBe(2);
    expect(users).toHaveLength(10);
  });
});
