/** The SCIM Group answered for a stored group and its members. */
import { ScimSchema } from './constants';
import type { StoredGroup } from './types';

/** The resource; `members` undefined leaves the attribute out (`excludedAttributes=members`). */
export function groupResource(group: StoredGroup, members: readonly string[] | undefined, baseUrl: string): Record<string, unknown> {
  return {
    schemas: [ScimSchema.group],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
    ...(members === undefined || members.length === 0 ? {} : { members: members.map((value) => ({ value, $ref: `${baseUrl}/Users/${value}`, type: 'User' })) }),
    meta: { resourceType: 'Group', created: group.created, lastModified: group.lastModified, location: `${baseUrl}/Groups/${group.id}` },
  };
}

/** The writable attributes of a group other than its members. */
export type GroupAttributes = { readonly displayName: string; readonly externalId?: string };
