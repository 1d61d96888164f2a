import { reconcile } from '../../../../src/core/reconcile';
import type { DirectoryUser, WickrUser } from '../../../../src/core/types';
import { STAFF, worldMapping } from '../../../helpers/reconcileWorld';

const ADMINS = { id: '00gAdmins', name: 'Wickr Admins' };
const mapping = worldMapping({
  securityGroups: [
    { idpGroup: ADMINS.id, securityGroupId: 'SGADMIN' },
    { idpGroup: 'Engineering', securityGroupId: 'SGENG' },
  ],
  privilegedSecurityGroupIds: ['SGADMIN'],
  scope: { idpGroups: [STAFF.name] },
  provisioning: { createUsers: true },
});
const idp = (id: string, groups: DirectoryUser['groups']): DirectoryUser => ({ idpUserId: id, email: `${id}@example.com`, active: true, groups });
const wickr = (id: string, group: string): WickrUser => ({ userId: `w-${id}`, username: `${id}@example.com`, securityGroupIds: [group], suspended: false });

describe('Function: reconcile(), group moves and promotions', () => {
  it('counts every move to another security group, and moves into or creations in a privileged group as promotions', () => {
    // Prepare
    const users = [
      idp('promoted', [STAFF, ADMINS]), // SGDEF → SGADMIN
      idp('moved', [STAFF, { id: '00gEng', name: 'Engineering' }]), // SGDEF → SGENG
      idp('admin', [STAFF, ADMINS]), // already SGADMIN
      idp('trimmed', [STAFF, ADMINS]), // [SGADMIN, SGDEF] → [SGADMIN]: a move, not a promotion
      idp('hired', [STAFF, ADMINS]), // no account: created in SGADMIN
    ];
    const wickrUsers = [wickr('promoted', 'SGDEF'), wickr('moved', 'SGDEF'), wickr('admin', 'SGADMIN'), { ...wickr('trimmed', 'SGADMIN'), securityGroupIds: ['SGADMIN', 'SGDEF'] }];
    // Act
    const { counts, actions } = reconcile({ mapping, wickrUsers, links: [], sources: [{ source: 'okta', groups: [STAFF, ADMINS], users }] });
    // Assess
    expect(counts).toMatchObject({ toChangeGroup: 3, toPromote: 2, toCreate: 1 });
    expect(actions.filter((a) => a.promotes).map((a) => a.idpUserId)).toEqual(['hired', 'promoted']);
  });
});
