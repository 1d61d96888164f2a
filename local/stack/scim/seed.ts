/**
 * The seed's `scim` section: SCIM users and groups already in the store when the local stack
 * starts, as if the IdP had pushed them earlier (docs/local.md § SCIM). They are written as the
 * endpoint writes them (src/adapters/scim/items.ts, with their name items), but with no outbox
 * entry: a preloaded directory announces nothing.
 */
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { groupItem, type Item, keys, membershipItems, userItem } from '../../../src/adapters/scim/items';
import { nameKey } from '../../../src/core/scim/names';
import type { StoredUser } from '../../../src/core/scim/types';

const email = z.strictObject({ value: z.string().min(3), type: z.string().optional(), primary: z.boolean().optional() });

const userSchema = z.looseObject({
  id: z.string().min(1),
  userName: z.string().min(1),
  externalId: z.string().optional(),
  active: z.boolean().default(true),
  name: z.looseObject({ givenName: z.string().optional(), familyName: z.string().optional() }).optional(),
  displayName: z.string().optional(),
  emails: z.array(email).default([]),
});

const groupSchema = z.strictObject({
  id: z.string().min(1),
  displayName: z.string().min(1),
  externalId: z.string().optional(),
  /** User ids of the seed's users. */
  members: z.array(z.string()).default([]),
});

/** The `scim` section of a seed file. */
export const scimSeedSchema = z.strictObject({ users: z.array(userSchema).default([]), groups: z.array(groupSchema).default([]) }).superRefine((seed, ctx) => {
  const ids = new Set(seed.users.map((u) => u.id));
  for (const [i, g] of seed.groups.entries()) {
    for (const m of g.members) if (!ids.has(m)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'members'], message: `${m} is not the id of a seed user` });
  }
  for (const [what, names] of [
    ['userName', seed.users.map((u) => u.userName)],
    ['displayName', seed.groups.map((g) => g.displayName)],
  ] as const) {
    const keysSeen = names.map(nameKey);
    if (new Set(keysSeen).size !== keysSeen.length) ctx.addIssue({ code: 'custom', path: [what === 'userName' ? 'users' : 'groups'], message: `two share a ${what}` });
  }
});
export type ScimSeed = z.output<typeof scimSeedSchema>;

/** The item of a seed user, as the endpoint would have stored it. */
function storedUser(user: ScimSeed['users'][number], now: string): StoredUser {
  const { id: _id, ...attributes } = user;
  return {
    id: user.id,
    userName: user.userName,
    externalId: user.externalId,
    active: user.active,
    givenName: user.name?.givenName,
    familyName: user.name?.familyName,
    displayName: user.displayName,
    emails: user.emails,
    version: 1,
    created: now,
    lastModified: now,
    attributes,
  };
}

/** Every item of the seed: users, groups, both sides of each membership, and the name items. */
export function scimSeedItems(seed: ScimSeed, now = new Date().toISOString()): Item[] {
  const items: Item[] = [];
  for (const user of seed.users) {
    items.push(userItem(storedUser(user, now)), { ...keys.userName(nameKey(user.userName)), ownerId: { S: user.id } });
  }
  for (const group of seed.groups) {
    items.push(
      groupItem({ id: group.id, displayName: group.displayName, externalId: group.externalId, version: 1, created: now, lastModified: now }),
      { ...keys.displayName(nameKey(group.displayName)), ownerId: { S: group.id } },
      ...group.members.flatMap((userId) => membershipItems(group.id, userId)),
    );
  }
  return items;
}

/** Writes the seed to the SCIM table (25 items a request, unprocessed items written again). */
export async function seedScimStore(client: DynamoDBClient, tableName: string, seed: ScimSeed): Promise<number> {
  const items = scimSeedItems(seed);
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt += 1) {
      if (attempt > 10) throw new Error(`could not write the SCIM seed to ${tableName}`);
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
  return items.length;
}
