import { Metrics } from '@aws-lambda-powertools/metrics';
import { DirectoryMetric, METRICS_NAMESPACE, SERVICE_NAME } from '../../../src/core/metrics';
import { oktaEvent } from '../../helpers/events';
import type { Harness } from './harness';
import { OKTA_SEED, startHarness } from './harness';

const addBo = () => oktaEvent({ eventType: 'group.user_membership.add', userId: '00uBo', login: 'bo@example.com', groupId: '00gEng', groupName: 'Engineering' });

describe('Handler: sync, when the IdP refuses its credentials', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  it('counts IdpAuthFailed for each refused call and keeps the record for retry', async () => {
    // Prepare: the token in Secrets Manager was revoked in Okta (the emulator now wants another).
    h = await startHarness();
    h.okta.reset({ ...OKTA_SEED, token: 'rotated-in-okta-only' });
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    const added = jest.spyOn(metrics, 'addMetric');
    const handler = h.handlerFor({ metrics });
    // Act
    await h.publish([addBo()]);
    const event = await h.receive();
    const response = await h.invoke(event, handler);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    expect(added.mock.calls.filter(([name]) => name === DirectoryMetric.authFailed)).toEqual([[DirectoryMetric.authFailed, 'Count', 1]]);
    expect(h.writes()).toEqual({});
  });

  it('counts nothing when the IdP accepts them', async () => {
    h = await startHarness();
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
    const added = jest.spyOn(metrics, 'addMetric');
    await h.publish([addBo()]);
    await h.invoke(await h.receive(), h.handlerFor({ metrics }));
    expect(added.mock.calls.map(([name]) => name)).not.toContain(DirectoryMetric.authFailed);
  });
});
