/**
 * The links a run establishes, one slice at a time. Each link first claims its Wickr user's
 * owner item for the link's identity (ReconcileStore.putLinks), as the consumer does, so a
 * bootstrap leaves no linked user for another source or identity to take. A link refused because
 * another identity owns the account is a conflict: it is not written and nothing is sent for it
 * (the consumer would dead-letter it as `IdentityConflict`).
 */
import { userKey } from '../events/keys';
import { IdpSource } from '../types';
import type { ReconcileStore, StoredLink } from './ports';
import type { ReconcileAction } from './types';

/** What writing one slice's links left: the actions still to send, and the counts. */
export type SliceLinks = { readonly toSend: readonly ReconcileAction[]; readonly written: number; readonly conflicts: number };

/** Writes the slice's links; `groupsOf` (user id → listed group ids) is asked for only when there is a link. */
export async function writeSliceLinks(slice: readonly ReconcileAction[], store: ReconcileStore, groupsOf: () => ReadonlyMap<string, readonly string[]>): Promise<SliceLinks> {
  const links = slice.filter((a) => a.writeLink && a.source !== undefined && a.idpUserId !== undefined);
  if (links.length === 0) return { toSend: slice, written: 0, conflicts: 0 };
  const groups = groupsOf();
  const refused = new Set((await store.putLinks(links.map((a) => linkOf(a, groups)))).map((l) => l.userKey));
  const conflicted = (a: ReconcileAction): boolean => a.source !== undefined && a.idpUserId !== undefined && refused.has(userKey(a.source, a.idpUserId));
  return { toSend: slice.filter((a) => !conflicted(a)), written: links.length - refused.size, conflicts: refused.size };
}

function linkOf(action: ReconcileAction, groupsOf: ReadonlyMap<string, readonly string[]>): StoredLink {
  const source = action.source as IdpSource;
  const groupIds = source === IdpSource.IdentityCenter ? groupsOf.get(action.idpUserId as string) : undefined;
  return { userKey: userKey(source, action.idpUserId as string), wickrUserId: action.wickrUserId as string, ...(groupIds !== undefined && { groupIds }) };
}
