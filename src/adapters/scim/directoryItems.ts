/**
 * Reading the SCIM store's items (schema.ts) as the consumer sees a directory: the user item to a
 * `DirectoryUser`, and the DynamoDB reads the directory and the lister share.
 */
import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { DependencyError, FailureKind } from '../../core/errors';
import type { DirectoryUser, IdpGroup } from '../../core/types';
import { fromAwsError } from '../aws/sdkErrors';
import { ScimKey, ScimSort, type ScimEmail } from './schema';

export type Item = Record<string, AttributeValue>;

const str = (item: Item, name: string): string | undefined => item[name]?.S;

/**
 * The address a Wickr username is made of (`usernameAttribute: "email"`): the primary email, else
 * the `work` one, else the first. Entra marks none primary unless mapped; Okta marks its login primary.
 */
export function chooseEmail(emails: readonly ScimEmail[]): string | undefined {
  const pick = emails.find((e) => e.primary === true) ?? emails.find((e) => e.type?.toLowerCase() === 'work') ?? emails[0];
  return pick?.value;
}

function emailsOf(item: Item): ScimEmail[] {
  return (item.emails?.L ?? []).flatMap((v) => {
    const m = v.M;
    const value = m?.value?.S;
    if (!m || !value) return [];
    return [{ value, ...(m.type?.S !== undefined && { type: m.type.S }), ...(m.primary?.BOOL !== undefined && { primary: m.primary.BOOL }) }];
  });
}

/** A user item (`user#<id>`/`user`) as the mapping reads it: `login` is `userName`, names from `givenName`/`familyName`. */
export function toDirectoryUser(item: Item, groups: readonly IdpGroup[]): DirectoryUser {
  const id = str(item, 'id');
  const userName = str(item, 'userName');
  if (!id || userName === undefined) throw new DependencyError('the SCIM store holds a user item without id or userName', { dependency: 'directory', kind: FailureKind.Invalid });
  const email = chooseEmail(emailsOf(item));
  const firstName = str(item, 'givenName');
  const lastName = str(item, 'familyName');
  return {
    idpUserId: id,
    login: userName,
    ...(email !== undefined && { email }),
    ...(firstName !== undefined && firstName !== '' && { firstName }),
    ...(lastName !== undefined && lastName !== '' && { lastName }),
    active: item.active?.BOOL ?? true,
    groups: [...groups],
  };
}

/** True for an item that carries a user's attributes (not only the index keys). */
export const isFullUserItem = (item: Item): boolean => item.userName?.S !== undefined;

/** Every page of one Query, consistent unless asked otherwise (an event must see at least its own write). */
export async function queryAll(client: DynamoDBClient, input: QueryCommandInput, what: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await call(() => client.send(new QueryCommand({ ...input, ExclusiveStartKey: start })), what);
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey as Item | undefined;
  } while (start);
  return items;
}

/** BatchGetItem allows 100 keys per call. */
const BATCH_GET_MAX = 100;
/** Unprocessed keys are asked again this many times before the read fails (and is retried with the message). */
const BATCH_GET_ROUNDS = 5;

/** The items under `keys` that exist (BatchGetItem, 100 keys a call, unprocessed keys asked again). */
export async function batchGet(client: DynamoDBClient, tableName: string, keys: readonly Item[], what: string): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
    let pending: Item[] = keys.slice(i, i + BATCH_GET_MAX);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === BATCH_GET_ROUNDS) throw new DependencyError(`${what}: keys left unprocessed after ${BATCH_GET_ROUNDS} rounds`, { dependency: 'directory', kind: FailureKind.Transient });
      const out = await call(() => client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } })), what);
      found.push(...((out.Responses?.[tableName] ?? []) as Item[]));
      pending = (out.UnprocessedKeys?.[tableName]?.Keys ?? []) as Item[];
    }
  }
  return found;
}

/** The groups (`{id, name: displayName}`) of these ids; a group item that is gone keeps its id alone. */
export async function groupsByIds(client: DynamoDBClient, tableName: string, ids: readonly string[]): Promise<IdpGroup[]> {
  if (ids.length === 0) return [];
  const keys = ids.map((id) => ({ pk: { S: ScimKey.group(id) }, sk: { S: ScimSort.group } }));
  const names = new Map<string, string>();
  for (const item of await batchGet(client, tableName, keys, 'SCIM store BatchGetItem (groups)')) {
    const id = str(item, 'id');
    const name = str(item, 'displayName');
    if (id && name !== undefined) names.set(id, name);
  }
  return ids.map((id) => {
    const name = names.get(id);
    return name === undefined ? { id } : { id, name };
  });
}

async function call<T>(send: () => Promise<T>, what: string): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw fromAwsError(error, 'directory', what);
  }
}
