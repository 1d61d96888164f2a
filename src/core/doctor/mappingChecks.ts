/** The mapping parses, Wickr answers, and every security group the mapping names exists in the network. */
import { ConfigError } from '../errors';
import { parseMappingConfig } from '../mapping';
import type { MappingConfig } from '../types';
import { describeError, isAuth, isNotFound, transientFix, type Settled } from './failure';
import { CheckStatus, type DoctorCheck, type SecurityGroupSummary } from './types';

const MAPPING_DOC = 'docs/events.md § Mapping';

/** Parses the mapping text as the functions do (JSON, the schema, the stack's network); the check and, when it passed, the mapping. */
export function checkMapping(read: Settled<string>, networkId: string, location: string): { check: DoctorCheck; mapping?: MappingConfig } {
  const fail = (detail: string, fix: string): { check: DoctorCheck } => ({ check: { name: 'mapping', status: CheckStatus.Fail, detail, fix } });
  if (!read.ok) {
    const detail = `cannot read ${location}: ${describeError(read.error)}`;
    if (isNotFound(read.error)) return fail(detail, `create it (${MAPPING_DOC}), e.g. aws ssm put-parameter --type String --value file://mapping.json --name <the parameter>`);
    if (isAuth(read.error)) return fail(detail, `the caller needs ssm:GetParameter on it (docs/deployer-policy.json, statement DoctorReads)`);
    return fail(detail, transientFix(read.error));
  }
  let json: unknown;
  try {
    json = JSON.parse(read.value);
  } catch (error) {
    return fail(`${location} is not valid JSON: ${(error as Error).message}`, `fix the JSON in ${location}`);
  }
  let mapping: MappingConfig;
  try {
    mapping = parseMappingConfig(json);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return fail(`${location}: ${error.message}`, `correct ${error.key} in ${location} (${MAPPING_DOC})`);
  }
  if (mapping.networkId !== networkId) {
    return fail(
      `${location}: networkId is ${mapping.networkId} but the stack writes to network ${networkId}`,
      `set "networkId": "${networkId}" in the mapping, or deploy with --param wickrNetworkId=${mapping.networkId}`,
    );
  }
  const scope = mapping.scope === undefined ? 'no scope' : `scope of ${plural(mapping.scope.idpGroups.length, 'group')}`;
  return { check: { name: 'mapping', status: CheckStatus.Pass, detail: `${location}: ${plural(mapping.securityGroups.length, 'rule')}, ${scope}, network ${networkId}` }, mapping };
}

/** ListSecurityGroups answered: the Wickr credentials, the network id and its region are right. */
export function checkWickrAccess(groups: Settled<readonly SecurityGroupSummary[]>, networkId: string, region: string): DoctorCheck {
  const name = 'wickr access';
  if (groups.ok) return { name, status: CheckStatus.Pass, detail: `network ${networkId} in ${region}: ListSecurityGroups answered ${plural(groups.value.length, 'security group')}` };
  const detail = `network ${networkId} in ${region}: ${describeError(groups.error)}`;
  if (isAuth(groups.error)) {
    return {
      name,
      status: CheckStatus.Fail,
      detail,
      fix: `the caller's AWS credentials were refused or lack wickr:ListSecurityGroups on the network: check the profile or role (docs/deployer-policy.json); the functions' roles are granted by the stack`,
    };
  }
  if (isNotFound(groups.error)) {
    return { name, status: CheckStatus.Fail, detail, fix: `no network ${networkId} in ${region}: check wickrNetworkId and wickrRegion (aws wickr list-networks --region ${region})` };
  }
  return { name, status: CheckStatus.Fail, detail, fix: transientFix(groups.error) };
}

/** Every `securityGroupId`, the `defaultSecurityGroupId` and every `privilegedSecurityGroupIds` entry exist in the network. */
export function checkSecurityGroups(mapping: MappingConfig | undefined, groups: Settled<readonly SecurityGroupSummary[]>, networkId: string): DoctorCheck {
  const name = 'security groups';
  if (mapping === undefined) return { name, status: CheckStatus.Skipped, detail: 'skipped: the mapping did not parse' };
  if (!groups.ok) return { name, status: CheckStatus.Skipped, detail: 'skipped: Wickr did not answer' };
  const known = new Set(groups.value.map((g) => g.id));
  const used = [
    ...mapping.securityGroups.map((rule, i) => ({ id: rule.securityGroupId, field: `securityGroups[${i}].securityGroupId` })),
    ...(mapping.defaultSecurityGroupId === undefined ? [] : [{ id: mapping.defaultSecurityGroupId, field: 'defaultSecurityGroupId' }]),
    // A privileged id the network lacks protects nothing: its rules would never match by id.
    ...mapping.privilegedSecurityGroupIds.map((id, i) => ({ id, field: `privilegedSecurityGroupIds[${i}]` })),
  ];
  const unknown = used.filter((u) => !known.has(u.id));
  if (unknown.length === 0) return { name, status: CheckStatus.Pass, detail: `${plural(new Set(used.map((u) => u.id)).size, 'mapped id')} found in network ${networkId}` };
  const listed = groups.value.map((g) => (g.name ? `${g.id} (${g.name})` : g.id)).join(', ') || 'none';
  return {
    name,
    status: CheckStatus.Fail,
    detail: `not in network ${networkId}: ${unknown.map((u) => `${u.id} (${u.field})`).join(', ')}`,
    fix: `use an id the network has: ${listed} (aws wickr list-security-groups --network-id ${networkId})`,
  };
}

/** `1 rule`, `3 rules`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
