import { applyPlan, isEmptyPlan, planChange } from '../../../../src/core/planner';
import type { DesiredUser, Plan, WickrUser } from '../../../../src/core/types';

const current: WickrUser = {
  userId: '1001',
  username: 'jane.doe@example.com',
  firstName: 'Jane',
  lastName: 'Doe',
  securityGroupIds: ['SGENG001'],
  suspended: false,
  status: 2,
};

describe('planChange', () => {
  it('plans nothing when Wickr already matches', () => {
    const desired: DesiredUser = { username: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe', securityGroupId: 'SGENG001', suspended: false };
    expect(planChange(desired, current)).toEqual({});
  });

  it('plans nothing for a desired state that leaves everything', () => {
    expect(planChange({}, current)).toEqual({});
  });

  it('ignores a username that differs only in case', () => {
    expect(planChange({ username: 'Jane.Doe@Example.com' }, current)).toEqual({});
  });

  it('updates only the fields that differ', () => {
    // Act
    const plan = planChange({ username: 'jane.smith@example.com', firstName: 'Jane', lastName: 'Smith' }, current);

    // Assess
    expect(plan).toEqual({ update: { username: 'jane.smith@example.com', lastName: 'Smith' } });
  });

  it('compares names exactly', () => {
    expect(planChange({ firstName: 'jane' }, current)).toEqual({ update: { firstName: 'jane' } });
  });

  it('sets names Wickr does not have yet', () => {
    const noNames: WickrUser = { userId: '1', username: 'a@example.com', securityGroupIds: [], suspended: false };
    expect(planChange({ firstName: 'A', lastName: 'B' }, noNames)).toEqual({ update: { firstName: 'A', lastName: 'B' } });
  });

  it.each<[string, string[]]>([
    ['another group', ['SGADMIN1']],
    ['no group', []],
    ['several groups including the right one', ['SGENG001', 'SGADMIN1']],
  ])('replaces %s with exactly the desired group', (_name, securityGroupIds) => {
    expect(planChange({ securityGroupId: 'SGENG001' }, { ...current, securityGroupIds })).toEqual({
      update: { securityGroupIds: ['SGENG001'] },
    });
  });

  it.each<[boolean, boolean, boolean | undefined]>([
    [false, true, true],
    [true, false, false],
    [true, true, undefined],
    [false, false, undefined],
  ])('with suspended=%s in Wickr and desired %s plans suspend=%s', (isSuspended, wanted, suspend) => {
    const plan = planChange({ suspended: wanted }, { ...current, suspended: isSuspended });
    expect(plan.suspend).toBe(suspend);
    expect(plan).not.toHaveProperty('update');
  });

  it('leaves the suspension alone when the desired state does not say', () => {
    expect(planChange({}, { ...current, suspended: true })).not.toHaveProperty('suspend');
  });
});

describe('isEmptyPlan', () => {
  it.each<[Plan, boolean]>([
    [{}, true],
    [{ update: {} }, true],
    [{ update: { firstName: 'A' } }, false],
    [{ suspend: false }, false],
    [{ suspend: true }, false],
  ])('says %j is empty: %s', (plan, empty) => {
    expect(isEmptyPlan(plan)).toBe(empty);
  });
});

describe('applyPlan', () => {
  it('returns what Wickr holds after the update and the suspend toggle', () => {
    // Act
    const after = applyPlan(current, { update: { lastName: 'Smith', securityGroupIds: ['SGADMIN1'] }, suspend: true });

    // Assess
    expect(after).toEqual({ ...current, lastName: 'Smith', securityGroupIds: ['SGADMIN1'], suspended: true });
  });

  it('does not change the current user object', () => {
    const before = structuredClone(current);
    applyPlan(current, { update: { username: 'x@example.com', securityGroupIds: ['SGX'] }, suspend: true });
    expect(current).toEqual(before);
  });
});
