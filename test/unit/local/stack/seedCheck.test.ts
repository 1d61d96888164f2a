import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSeed, ScenarioError } from '../../../../local/stack/scenario';
import { seedProblems } from '../../../../local/stack/seedCheck';

const ROOT = join(__dirname, '../../../..');
// biome-ignore lint/suspicious/noExplicitAny: a seed edited freely, path by path
const demo = (): Record<string, any> => JSON.parse(readFileSync(join(ROOT, 'local/scenarios/demo/seed.json'), 'utf8'));

describe('the seed check', () => {
  it('accepts the shipped scenarios', () => {
    for (const name of ['demo', 'provisioning', 'drift']) expect(seedProblems(JSON.parse(readFileSync(join(ROOT, `local/scenarios/${name}/seed.json`), 'utf8')))).toEqual([]);
  });

  it('refuses an unknown key on a Wickr user, with the full path', () => {
    const seed = demo();
    seed.wickr.users[0].securityGroupIDs = ['SGDEFLT1'];
    expect(seedProblems(seed)).toEqual(['wickr.users[0].securityGroupIDs: unknown key']);
  });

  it('refuses an unknown key on an Okta user (a typo of status)', () => {
    const seed = demo();
    seed.okta.users[2].stauts = 'SUSPENDED';
    expect(seedProblems(seed)).toEqual(['okta.users[2].stauts: unknown key']);
  });

  it('refuses unknown keys in every section, at the top too', () => {
    const seed = demo();
    seed.okta.users[0].profile.mail = 'x';
    seed.identityCenter.users[0].mail = 'x';
    seed.extra = true;
    expect(seedProblems(seed)).toEqual(expect.arrayContaining(['okta.users[0].profile.mail: unknown key', 'identityCenter.users[0].mail: unknown key', 'extra: unknown key']));
  });

  it('checks the mapping with the functions own schema', () => {
    const seed = demo();
    seed.mapping.onDeactivate = 'suspnd';
    expect(seedProblems(seed)).toEqual([expect.stringMatching(/^mapping\.onDeactivate: expected one of "suspend", "ignore"/)]);
    const typo = demo();
    typo.mapping.securityGroup = [];
    expect(seedProblems(typo)).toEqual([expect.stringMatching(/^mapping\.securityGroup: unknown key/)]);
  });

  it('names a mapped security-group id the seeded network does not have', () => {
    const seed = demo();
    seed.mapping.securityGroups[0].securityGroupId = 'SGADMIN9';
    expect(seedProblems(seed)).toEqual([expect.stringMatching(/^mapping\.securityGroups\[0\]\.securityGroupId: SGADMIN9 is not a security group of the network/)]);
  });

  it('refuses a mapping for another network', () => {
    const seed = demo();
    seed.mapping.networkId = '87654321';
    expect(seedProblems(seed)).toEqual([expect.stringMatching(/^mapping\.networkId: is 87654321 but wickr\.networkId is/)]);
  });

  it('names a user group that the directory does not list', () => {
    const seed = demo();
    seed.okta.users[0].groupIds = ['00gnope'];
    expect(seedProblems(seed)).toEqual(['okta.users[0].groupIds: unknown group 00gnope (not in okta.groups)']);
  });

  it('reports every problem in one ScenarioError', () => {
    const seed = demo();
    seed.wickr.users[0].securityGroupIDs = [];
    seed.okta.users[0].stauts = 'x';
    expect(() => parseSeed(seed, 'seed.json')).toThrow(ScenarioError);
    expect(() => parseSeed(seed, 'seed.json')).toThrow(/seed\.json:\n {2}wickr\.users\[0\]\.securityGroupIDs: unknown key\n {2}okta\.users\[0\]\.stauts: unknown key/);
  });

  it('reports a shape problem and a reference problem together (the shipped typos.json)', () => {
    const typos = JSON.parse(readFileSync(join(ROOT, 'local/scenarios/drift/typos.json'), 'utf8'));
    expect(seedProblems(typos)).toEqual([
      'wickr.users[0].securityGroupIDs: unknown key',
      'okta.users[1].stauts: unknown key',
      expect.stringMatching(/^mapping\.securityGroups\[1\]\.securityGroupId: SGSALES2 is not a security group of the network/),
    ]);
  });
});
