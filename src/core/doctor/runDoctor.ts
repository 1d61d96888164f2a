/**
 * The doctor: every check of a deployment, read-only, in a few seconds. The reads run at once;
 * a check whose input failed is skipped rather than failed twice, so the first failed row is
 * the one to fix.
 */
import { checkCredential, checkIdpGroups, mappingGroupRefs } from './directoryChecks';
import { settle, type Settled } from './failure';
import { checkMapping, checkSecurityGroups, checkWickrAccess } from './mappingChecks';
import { checkDeadLetters, checkLastReconcile, checkScimTokens } from './stateChecks';
import type { IdpGroup } from '../types';
import { CheckStatus, type DoctorCheck, type DoctorDirectory, type DoctorPorts, type DoctorReport } from './types';

/** Runs every check and returns the rows in a fixed order; `ok` is false when any row failed. */
export async function runDoctor(ports: DoctorPorts): Promise<DoctorReport> {
  const { scimTokens } = ports;
  const [mappingText, securityGroups, probes, scim, depths, run] = await Promise.all([
    settle(() => ports.readMapping()),
    settle(() => ports.listSecurityGroups()),
    Promise.all(ports.directories.map((d) => settle(() => d.probe()))),
    scimTokens === undefined ? undefined : settle(() => scimTokens.countLiveTokens()),
    Promise.all(ports.deadLetterQueues.map((q) => settle(() => q.depth()))),
    settle(() => ports.lastRun()),
  ]);

  const { check: mappingCheck, mapping } = checkMapping(mappingText, ports.networkId, ports.mappingLocation);
  // Groups are resolved only with a parsed mapping and only in directories whose credential worked.
  const refs = mapping === undefined ? [] : [...new Set(mappingGroupRefs(mapping).map((r) => r.ref))];
  const resolved = await Promise.all(ports.directories.map((d, i) => resolveIn(d, probes[i] as Settled<void>, refs)));

  const checks: DoctorCheck[] = [
    mappingCheck,
    checkWickrAccess(securityGroups, ports.networkId, ports.wickrRegion),
    checkSecurityGroups(mapping, securityGroups, ports.networkId),
    ...ports.directories.map((d, i) => checkCredential(d, probes[i] as Settled<void>)),
    checkIdpGroups(mapping, ports.directories, resolved, ports.unlistedSources),
    checkScimTokens(scim, ports.commands),
    ...ports.deadLetterQueues.map((q, i) => checkDeadLetters(q, depths[i] as Settled<number>, ports.commands)),
    checkLastReconcile(run, ports.commands, ports.now()),
  ];
  return { checks, ok: checks.every((c) => c.status !== CheckStatus.Fail) };
}

/** A directory whose probe failed is not asked again: its groups check reports the probe's error. */
function resolveIn(directory: DoctorDirectory, probe: Settled<void>, refs: readonly string[]): Promise<Settled<readonly IdpGroup[]>> {
  if (!probe.ok) return Promise.resolve(probe);
  if (refs.length === 0) return Promise.resolve({ ok: true, value: [] });
  return settle(() => directory.resolveGroups(refs));
}
