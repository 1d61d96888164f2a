/** The reconcile's links claim owners as the consumer's do: one owner, one identity, on both paths. */
import { runReconcileToCompletion } from '../../../../src/handlers/reconcile/runToCompletion';
import { genericEvent } from '../../../helpers/events';
import { ReconcileWorld, company } from '../../../helpers/reconcileWorld';

describe('Reconcile links and owners', () => {
  it('claims the owner of every link it writes, so a generic event cannot take a bootstrapped user', async () => {
    // Prepare: three Okta users in line, never synced by the consumer (a bootstrap).
    const { users, wickrUsers } = company(3);
    const world = new ReconcileWorld(users, wickrUsers);
    // Act
    const result = await runReconcileToCompletion({}, world.runDeps());
    world.queue.sent.push({
      body: JSON.stringify(
        genericEvent({ occurredAt: '2023-11-14T20:00:00Z', user: { externalId: 'entra-x', email: 'user0@example.com', firstName: 'F0', lastName: 'L0', groups: [{ id: 'g', name: 'Engineering' }] } }),
      ),
    });
    const [outcome] = await world.drain();
    // Assess
    expect(result).toMatchObject({ status: 'succeeded', counts: { linksWritten: 3, conflicts: 0 } });
    expect(world.state.owners.get('w0')).toEqual({ source: 'okta', userKey: 'okta:u0' });
    expect(outcome).toMatchObject({ outcome: 'ignored', reason: 'owned by okta' });
    expect(world.wickr.writes).toEqual([]);
  });

  it('reports a user whose Wickr account another identity owns as a conflict: no link written, nothing sent', async () => {
    const { users, wickrUsers } = company(3);
    const world = new ReconcileWorld(users, [wickrUsers[0]!, { ...wickrUsers[1]!, firstName: 'Drifted' }, wickrUsers[2]!]);
    // Another Okta identity owns w1 (its link is gone, say): u1 resolves to w1 by username.
    world.state.owners.set('w1', { source: 'okta', userKey: 'okta:someone-else' });
    const result = await runReconcileToCompletion({}, world.runDeps());
    expect(result).toMatchObject({ status: 'succeeded', counts: { linksWritten: 2, conflicts: 1, messagesSent: 0 } });
    expect(world.state.links.has('okta:u1')).toBe(false);
    expect(world.queue.sent).toEqual([]);
  });
});
