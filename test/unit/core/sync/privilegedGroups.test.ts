import { parseMappingConfig } from '../../../../src/core/mapping';
import { processBatch } from '../../../../src/core/sync/processBatch';
import { ana, mapping, record, setup } from '../../../helpers/batch';
import { genericEvent, oktaEvent } from '../../../helpers/events';

/** The batch helper's mapping ("Wickr Admins" → SGADMIN1, by name), with SGADMIN1 privileged. */
const privileged = parseMappingConfig({ ...mapping, privilegedSecurityGroupIds: ['SGADMIN1'] });
/** A group someone just created, or renamed, to look like the administrators' group. */
const lookalike = { id: '00gNew', name: 'Wickr Admins' };

describe('The event path and a privileged security group', () => {
  it('promotes nobody through a new IdP group named like the rule (Okta re-read)', async () => {
    // Prepare
    const { deps, okta, wickr } = setup({ mapping: privileged });
    okta.users.set(ana.idpUserId, { ...ana, groups: [lookalike] });
    // Act
    const [result] = await processBatch([record(oktaGroupAdd())], deps);
    // Assess
    expect(result?.outcome).toBe('unchanged');
    expect(wickr.users.get('1001')?.securityGroupIds).toEqual(['SGDEFLT1']);
  });

  it('promotes nobody through a generic event naming such a group', async () => {
    const { deps, wickr } = setup({ mapping: privileged });
    const [result] = await processBatch([record(genericEvent({ user: { externalId: 'ext-ana', email: 'ana@example.com', firstName: 'Ana', lastName: 'Lima', groups: [lookalike] } }))], deps);
    expect(result?.outcome).not.toBe('applied');
    expect(wickr.users.get('1001')?.securityGroupIds).toEqual(['SGDEFLT1']);
  });

  it('still moves the user when the group is not privileged (the rule matches by name)', async () => {
    const { deps, okta, wickr } = setup();
    okta.users.set(ana.idpUserId, { ...ana, groups: [lookalike] });
    const [result] = await processBatch([record(oktaGroupAdd())], deps);
    expect(result?.outcome).toBe('applied');
    expect(wickr.users.get('1001')?.securityGroupIds).toEqual(['SGADMIN1']);
  });
});

let events = 0;
/** Ana joins the look-alike group in Okta. */
function oktaGroupAdd() {
  events += 1;
  return oktaEvent({ eventType: 'group.user_membership.add', userId: '00uAna', login: 'ana@example.com', groupId: lookalike.id, uuid: `evt-${events}` });
}
