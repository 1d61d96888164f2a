import fc from 'fast-check';
import { desiredState, parseMappingConfig } from '../../../../src/core/mapping';
import { applyPlan, isEmptyPlan, planChange } from '../../../../src/core/planner';
import type { DesiredUser, DirectoryUser, MappingConfig, WickrUser } from '../../../../src/core/types';

// Small alphabets so that generated values often collide: equal fields are the interesting case.
const name = fc.constantFrom('Jane', 'jane', 'John', 'Doe', 'Smith', 'Ünal', '');
const username = fc.constantFrom('jane@example.com', 'JANE@example.com', 'john@example.com', 'a@b.c');
const groupId = fc.constantFrom('SG1', 'SG2', 'SG3', 'sg1');

const wickrUser: fc.Arbitrary<WickrUser> = fc.record(
  {
    userId: fc.constant('1001'),
    username,
    firstName: name,
    lastName: name,
    securityGroupIds: fc.array(groupId, { maxLength: 3 }),
    suspended: fc.boolean(),
    status: fc.constantFrom(1, 2),
  },
  { requiredKeys: ['userId', 'username', 'securityGroupIds', 'suspended'] },
);

const desiredUser: fc.Arbitrary<DesiredUser> = fc.record({ username, firstName: name, lastName: name, securityGroupId: groupId, suspended: fc.boolean() }, { requiredKeys: [] });

const idpGroupName = fc.constantFrom('Admins', 'admins', 'Engineering', 'Sales');
const mapping: fc.Arbitrary<MappingConfig> = fc
  .record({
    rules: fc.uniqueArray(fc.record({ idpGroup: fc.constantFrom('00gA', '00gB', 'Admins', 'Engineering'), securityGroupId: groupId }), {
      selector: (r) => r.idpGroup,
      maxLength: 4,
    }),
    onNoMappedGroup: fc.constantFrom('default' as const, 'leave' as const),
    onDeactivate: fc.constantFrom('suspend' as const, 'ignore' as const),
  })
  .map(({ rules, onNoMappedGroup, onDeactivate }) => parseMappingConfig({ networkId: '12345678', securityGroups: rules, defaultSecurityGroupId: 'SGDEF', onNoMappedGroup, onDeactivate }));

const directoryUser: fc.Arbitrary<DirectoryUser> = fc.record({
  idpUserId: fc.constant('00u1'),
  email: username,
  firstName: fc.constantFrom('Jane', 'John'),
  lastName: fc.constantFrom('Doe', 'Smith'),
  active: fc.boolean(),
  groups: fc.array(fc.record({ id: fc.constantFrom('00gA', '00gB', '00gC'), name: idpGroupName }, { requiredKeys: ['id'] }), { maxLength: 4 }),
});

describe('planChange properties', () => {
  it('plans nothing more once its plan is applied', () => {
    fc.assert(
      fc.property(desiredUser, wickrUser, (desired, current) => {
        const after = applyPlan(current, planChange(desired, current));
        expect(isEmptyPlan(planChange(desired, after))).toBe(true);
      }),
    );
  });

  it('never sets more than one security group', () => {
    fc.assert(
      fc.property(desiredUser, wickrUser, (desired, current) => {
        const ids = planChange(desired, current).update?.securityGroupIds;
        expect(ids === undefined || ids.length === 1).toBe(true);
      }),
    );
  });

  it('plans only fields that differ from Wickr (minimal)', () => {
    fc.assert(
      fc.property(desiredUser, wickrUser, (desired, current) => {
        const { update = {}, suspend } = planChange(desired, current);
        if (update.username !== undefined) expect(update.username.toLowerCase()).not.toBe(current.username.toLowerCase());
        if (update.firstName !== undefined) expect(update.firstName).not.toBe(current.firstName);
        if (update.lastName !== undefined) expect(update.lastName).not.toBe(current.lastName);
        if (update.securityGroupIds !== undefined) expect(update.securityGroupIds).not.toEqual(current.securityGroupIds);
        if (suspend !== undefined) expect(suspend).not.toBe(current.suspended);
        expect(Object.values(update).every((value) => value !== undefined)).toBe(true);
      }),
    );
  });

  it('costs zero writes for a user Wickr already matches', () => {
    fc.assert(
      fc.property(directoryUser, mapping, wickrUser, (user, config, base) => {
        // Prepare: make Wickr hold exactly what the mapping wants (username in any case).
        const desired = desiredState(user, config);
        const synced: WickrUser = {
          ...applyPlan(base, planChange(desired, base)),
          username: (desired.username ?? base.username).toUpperCase(),
        };

        // Act
        const plan = planChange(desiredState(user, config), synced);

        // Assess
        expect(plan).toEqual({});
      }),
    );
  });

  it('keeps the security group of a user with no mapped group under "leave"', () => {
    fc.assert(
      fc.property(directoryUser, mapping, wickrUser, (user, config, current) => {
        // Prepare: groups no rule names, and the "leave" policy.
        const leave: MappingConfig = { ...config, onNoMappedGroup: 'leave' };
        const unmapped: DirectoryUser = { ...user, groups: [{ id: '00gUNMAPPED', name: 'Unmapped' }] };

        // Act
        const after = applyPlan(current, planChange(desiredState(unmapped, leave), current));

        // Assess
        expect(after.securityGroupIds).toEqual(current.securityGroupIds);
      }),
    );
  });

  it('puts every synced user in exactly one security group under "default"', () => {
    fc.assert(
      fc.property(directoryUser, mapping, wickrUser, (user, config, current) => {
        const withDefault: MappingConfig = { ...config, onNoMappedGroup: 'default' };
        const after = applyPlan(current, planChange(desiredState(user, withDefault), current));
        expect(after.securityGroupIds).toHaveLength(1);
      }),
    );
  });
});
