import { groupKey } from '../events';
import type { StateStore } from '../ports';
import { IdpSource } from '../types';

/**
 * Keeps the per-group member items that group-wide triggers use to reach users who left a
 * group. Only Identity Center sends group-wide triggers (SCIM PatchGroup); other sources need none.
 */
export async function trackGroups(source: IdpSource, userKey: string, before: readonly string[], after: readonly string[], store: StateStore): Promise<void> {
  if (source !== IdpSource.IdentityCenter) return;
  const joined = after.filter((g) => !before.includes(g)).map((g) => groupKey(source, g));
  const left = before.filter((g) => !after.includes(g)).map((g) => groupKey(source, g));
  if (joined.length || left.length) await store.moveGroupMember(userKey, joined, left);
}
