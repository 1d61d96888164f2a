import { DependencyError, FailureKind } from '../../../../src/core/errors';
import { CheckStatus, formatDoctorReport, runDoctor, type DoctorCheck, type DoctorPorts } from '../../../../src/core/doctor';
import type { RunRecord } from '../../../../src/core/reconcile';
import type { IdpGroup } from '../../../../src/core/types';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const MAPPING = {
  networkId: '12345678',
  securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGENG001' }],
  defaultSecurityGroupId: 'SGDEFLT1',
  scope: { idpGroups: ['Wickr Users'] },
};
const OKTA_GROUPS: IdpGroup[] = [
  { id: '00geng', name: 'Engineering' },
  { id: '00gusers', name: 'Wickr Users' },
];

const denied = (dependency: 'wickr' | 'directory' | 'config' | 'store' | 'queue', what: string) =>
  new DependencyError(`${what}: AccessDenied (HTTP 403)`, { dependency, kind: FailureKind.Auth, statusCode: 403 });

function run(status: RunRecord['status'], extra: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: 'rc-1',
    status,
    request: {},
    mapping: {} as RunRecord['mapping'],
    startedAt: NOW - 3 * 3600_000,
    owner: 'x',
    leaseUntil: NOW + 60_000,
    version: 3,
    checkpoint: {} as RunRecord['checkpoint'],
    ...extra,
  };
}

/** Ports of a healthy deployment; each test breaks one thing. */
function ports(overrides: Partial<DoctorPorts> = {}): DoctorPorts {
  return {
    mappingLocation: 'SSM parameter /wickr-idp-sync/prod/mapping',
    readMapping: async () => JSON.stringify(MAPPING),
    networkId: '12345678',
    wickrRegion: 'eu-west-2',
    listSecurityGroups: async () => [
      { id: 'SGDEFLT1', name: 'Default' },
      { id: 'SGENG001', name: 'Engineering' },
    ],
    directories: [{ source: 'okta', probe: async () => {}, resolveGroups: async (refs) => OKTA_GROUPS.filter((g) => refs.includes(g.name as string) || refs.includes(g.id)) }],
    unlistedSources: [],
    deadLetterQueues: [{ label: 'consumer', depth: async () => 0 }],
    lastRun: async () =>
      run('succeeded', {
        result: { runId: 'rc-1', status: 'succeeded', counts: { drifted: 2, messagesSent: 2, dryRun: false } as never, durationMs: 1, invocations: 1, plan: [], planTruncated: false },
      }),
    commands: {
      reconcile: 'npm run reconcile -- --stage prod',
      redrive: (from) => `npm run redrive -- --stage prod${from === 'consumer' ? '' : ` --from ${from}`}`,
      scimToken: 'npm run scim-token -- --stage prod create',
    },
    now: () => NOW,
    ...overrides,
  };
}

const row = (checks: readonly DoctorCheck[], name: string): DoctorCheck => {
  const found = checks.find((c) => c.name === name);
  if (!found) throw new Error(`no row ${name} in ${checks.map((c) => c.name).join(', ')}`);
  return found;
};

describe('runDoctor', () => {
  it('passes every check of a healthy deployment, SCIM skipped when off', async () => {
    const report = await runDoctor(ports());
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['mapping', 'pass'],
      ['wickr access', 'pass'],
      ['security groups', 'pass'],
      ['okta credential', 'pass'],
      ['IdP groups', 'pass'],
      ['SCIM tokens', 'skipped'],
      ['dead letters (consumer)', 'pass'],
      ['last reconcile', 'pass'],
    ]);
    expect(report.ok).toBe(true);
    expect(row(report.checks, 'SCIM tokens').detail).toBe('skipped: SCIM off');
    expect(row(report.checks, 'last reconcile').detail).toBe('rc-1, started 3 h ago: succeeded, 2 users drifted, 2 messages sent');
  });

  it('fails a mapping that is not JSON, naming the location, and skips what depends on it', async () => {
    const report = await runDoctor(ports({ readMapping: async () => '{"networkId": ' }));
    const mapping = row(report.checks, 'mapping');
    expect(mapping).toMatchObject({ status: 'fail', fix: 'fix the JSON in SSM parameter /wickr-idp-sync/prod/mapping' });
    expect(mapping.detail).toMatch(/is not valid JSON/);
    expect(row(report.checks, 'security groups').status).toBe('skipped');
    expect(row(report.checks, 'IdP groups').status).toBe('skipped');
    expect(report.ok).toBe(false);
  });

  it('fails a mapping the schema refuses, naming the field', async () => {
    const report = await runDoctor(ports({ readMapping: async () => JSON.stringify({ ...MAPPING, securityGroups: [{ idpGroup: 'Engineering', securityGroupID: 'SGENG001' }] }) }));
    expect(row(report.checks, 'mapping')).toMatchObject({ status: 'fail' });
    expect(row(report.checks, 'mapping').fix).toMatch(/^correct securityGroups\[0\]/);
  });

  it('fails a mapping for another network and says both ways to fix it', async () => {
    const report = await runDoctor(ports({ readMapping: async () => JSON.stringify({ ...MAPPING, networkId: '87654321' }) }));
    expect(row(report.checks, 'mapping').fix).toBe('set "networkId": "12345678" in the mapping, or deploy with --param wickrNetworkId=87654321');
  });

  it('fails a missing mapping parameter with the command that creates it', async () => {
    const missing = new DependencyError('SSM GetParameter /x: ParameterNotFound (HTTP 400)', { dependency: 'config', kind: FailureKind.NotFound });
    const report = await runDoctor(ports({ readMapping: async () => Promise.reject(missing) }));
    expect(row(report.checks, 'mapping').fix).toMatch(/aws ssm put-parameter/);
  });

  it('names an unknown security group, its field, and the ids the network has', async () => {
    const report = await runDoctor(ports({ readMapping: async () => JSON.stringify({ ...MAPPING, securityGroups: [{ idpGroup: 'Engineering', securityGroupId: 'SGTYPO01' }] }) }));
    expect(row(report.checks, 'security groups')).toEqual({
      name: 'security groups',
      status: 'fail',
      detail: 'not in network 12345678: SGTYPO01 (securityGroups[0].securityGroupId)',
      fix: 'use an id the network has: SGDEFLT1 (Default), SGENG001 (Engineering) (aws wickr list-security-groups --network-id 12345678)',
    });
  });

  it('names a privileged security group the network lacks', async () => {
    const report = await runDoctor(ports({ readMapping: async () => JSON.stringify({ ...MAPPING, privilegedSecurityGroupIds: ['SGADMIN9'] }) }));
    expect(row(report.checks, 'security groups').detail).toBe('not in network 12345678: SGADMIN9 (privilegedSecurityGroupIds[0])');
  });

  it('fails refused Wickr credentials and an unknown network with different fixes', async () => {
    const refused = await runDoctor(ports({ listSecurityGroups: () => Promise.reject(denied('wickr', 'ListSecurityGroups')) }));
    expect(row(refused.checks, 'wickr access').fix).toMatch(/wickr:ListSecurityGroups/);
    expect(row(refused.checks, 'security groups').status).toBe('skipped');
    const unknown = new DependencyError('ListSecurityGroups: ResourceNotFoundError (HTTP 404)', { dependency: 'wickr', kind: FailureKind.NotFound });
    const missing = await runDoctor(ports({ listSecurityGroups: () => Promise.reject(unknown) }));
    expect(row(missing.checks, 'wickr access').fix).toBe('no network 12345678 in eu-west-2: check wickrNetworkId and wickrRegion (aws wickr list-networks --region eu-west-2)');
  });

  it('fails a refused IdP credential and does not ask that directory for groups', async () => {
    const resolveGroups = jest.fn(async () => OKTA_GROUPS);
    const report = await runDoctor(ports({ directories: [{ source: 'okta', probe: () => Promise.reject(denied('directory', 'okta listUsers')), resolveGroups }] }));
    expect(row(report.checks, 'okta credential')).toMatchObject({ status: 'fail', detail: 'okta listUsers: AccessDenied (HTTP 403)' });
    expect(row(report.checks, 'okta credential').fix).toMatch(/Okta API token was refused/);
    expect(row(report.checks, 'IdP groups')).toMatchObject({ status: 'fail', fix: 'fix the directory credential above, then run the doctor again' });
    expect(resolveGroups).not.toHaveBeenCalled();
  });

  it('tells an unreadable token secret from a refused token', async () => {
    const secret = new DependencyError('Secrets Manager GetSecretValue x: AccessDeniedException (HTTP 400)', { dependency: 'config', kind: FailureKind.Auth });
    const report = await runDoctor(ports({ directories: [{ source: 'okta', probe: () => Promise.reject(secret), resolveGroups: async () => [] }] }));
    expect(row(report.checks, 'okta credential').fix).toMatch(/secretsmanager:GetSecretValue/);
  });

  it('names each group ref no directory resolves, with its field', async () => {
    const report = await runDoctor(ports({ readMapping: async () => JSON.stringify({ ...MAPPING, scope: { idpGroups: ['Wikcr Users'] } }) }));
    expect(row(report.checks, 'IdP groups')).toMatchObject({ status: 'fail', detail: 'not found in okta: "Wikcr Users" (scope.idpGroups[0])' });
  });

  it('accepts a ref that resolves in one of two directories', async () => {
    const identityCenter = { source: 'identity-center' as const, probe: async () => {}, resolveGroups: async () => [{ id: 'g-1', name: 'wickr users' }] };
    const okta = { source: 'okta' as const, probe: async () => {}, resolveGroups: async () => [OKTA_GROUPS[0] as IdpGroup] };
    const report = await runDoctor(ports({ directories: [okta, identityCenter] }));
    expect(row(report.checks, 'IdP groups')).toMatchObject({ status: 'pass', detail: '2 group refs resolved (1 in okta, 1 in identity-center)' });
  });

  it('only warns about an unresolved ref when a source the doctor cannot list may send it', async () => {
    const report = await runDoctor(ports({ unlistedSources: ['generic', 'scim'], readMapping: async () => JSON.stringify({ ...MAPPING, scope: { idpGroups: ['Entra Staff'] } }) }));
    expect(row(report.checks, 'IdP groups')).toMatchObject({
      status: 'warn',
      fix: 'correct the group in the mapping: an IdP group id exactly, or its name ignoring case; a group of the generic or scim source cannot be checked here',
    });
    expect(report.ok).toBe(true);
  });

  it('fails SCIM without a live token and passes with one', async () => {
    const none = await runDoctor(ports({ scimTokens: { countLiveTokens: async () => 0 } }));
    expect(row(none.checks, 'SCIM tokens')).toMatchObject({ status: 'fail', fix: 'npm run scim-token -- --stage prod create, and give the token to the IdP (its Secret Token)' });
    const one = await runDoctor(ports({ scimTokens: { countLiveTokens: async () => 1 } }));
    expect(row(one.checks, 'SCIM tokens')).toMatchObject({ status: 'pass', detail: '1 live token' });
  });

  it('fails a dead-letter queue that holds messages, with the redrive of its source', async () => {
    const report = await runDoctor(
      ports({
        deadLetterQueues: [
          { label: 'consumer', depth: async () => 3 },
          { label: 'okta', depth: async () => 1 },
        ],
      }),
    );
    expect(row(report.checks, 'dead letters (consumer)')).toMatchObject({ status: 'fail', detail: '3 messages waiting' });
    expect(row(report.checks, 'dead letters (consumer)').fix).toMatch(/then npm run redrive -- --stage prod$/);
    expect(row(report.checks, 'dead letters (okta delivery)').fix).toMatch(/npm run redrive -- --stage prod --from okta$/);
  });

  it('fails a failed or guard-tripped last reconcile with the way on, and warns before the first run', async () => {
    const result = (status: 'failed' | 'guardTripped', message: string) => ({ runId: 'rc-1', status, counts: {} as never, durationMs: 1, invocations: 1, plan: [], planTruncated: false, message });
    const failed = await runDoctor(ports({ lastRun: async () => run('failed', { result: result('failed', 'okta listing failed') }) }));
    expect(row(failed.checks, 'last reconcile')).toMatchObject({ status: 'fail', detail: 'rc-1, started 3 h ago: failed (okta listing failed)' });
    const tripped = await runDoctor(ports({ lastRun: async () => run('guardTripped', { result: result('guardTripped', 'would suspend 40 users') }) }));
    expect(row(tripped.checks, 'last reconcile').fix).toMatch(/--allow-mass-change/);
    const none = await runDoctor(ports({ lastRun: async () => null }));
    expect(row(none.checks, 'last reconcile')).toMatchObject({ status: 'warn', detail: 'no run yet' });
    const stale = await runDoctor(ports({ lastRun: async () => run('running', { leaseUntil: NOW - 1 }) }));
    expect(row(stale.checks, 'last reconcile').status).toBe('warn');
  });

  it('prints a table with the fixes under it and the verdict last', async () => {
    const report = await runDoctor(ports({ deadLetterQueues: [{ label: 'consumer', depth: async () => 1 }] }));
    const lines = formatDoctorReport(report);
    expect(lines[0]).toMatch(/^check\s+status\s+detail$/);
    expect(lines).toContain('dead letters (consumer)  FAIL    1 message waiting');
    expect(lines.at(-1)).toBe('1 check failed');
    expect(lines).toContain('to fix:');
    expect(report.checks.filter((c) => c.status === CheckStatus.Fail)).toHaveLength(1);
  });
});
