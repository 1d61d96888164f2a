/** The SCIM store as the endpoint writes it (src/adapters/scim/schema.ts), for tests against moto: the table and its items. */
import { type AttributeValue, BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DynamoDBClient, type ProjectionType } from '@aws-sdk/client-dynamodb';
import { ScimKey, ScimSort, SCIM_KIND_INDEX } from '../../src/adapters/scim/schema';
import { uniqueName } from './moto';

export const client = new DynamoDBClient({});

/** A SCIM table keyed `pk`/`sk` with the `byKind` index on `kind`/`id` (the stack's, stack/scim.yml), in moto. */
export async function createScimTable(projection: ProjectionType = 'ALL', options: { readonly client?: DynamoDBClient; readonly tableName?: string } = {}): Promise<string> {
  const TableName = options.tableName ?? uniqueName('scim');
  await (options.client ?? client).send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: ['pk', 'sk', 'kind', 'id'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: SCIM_KIND_INDEX,
          KeySchema: [
            { AttributeName: 'kind', KeyType: 'HASH' },
            { AttributeName: 'id', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: projection },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  return TableName;
}

export type Item = Record<string, AttributeValue>;
const S = (value: string) => ({ S: value });

export function userItem(id: string, patch: { userName: string; active?: boolean; givenName?: string; familyName?: string; emails?: { value: string; type?: string; primary?: boolean }[] }): Item {
  const emails = (patch.emails ?? []).map((e) => ({ M: { value: S(e.value), ...(e.type && { type: S(e.type) }), ...(e.primary !== undefined && { primary: { BOOL: e.primary } }) } }));
  return {
    pk: S(ScimKey.user(id)),
    sk: S(ScimSort.user),
    kind: S('user'),
    id: S(id),
    userName: S(patch.userName),
    active: { BOOL: patch.active ?? true },
    ...(patch.givenName && { givenName: S(patch.givenName) }),
    ...(patch.familyName && { familyName: S(patch.familyName) }),
    emails: { L: emails },
    version: { N: '1' },
    created: S('2026-12-01T00:00:00Z'),
    lastModified: S('2026-12-01T00:00:00Z'),
    resource: S('{}'),
  };
}
export const groupItem = (id: string, displayName: string): Item => ({
  pk: S(ScimKey.group(id)),
  sk: S(ScimSort.group),
  kind: S('group'),
  id: S(id),
  displayName: S(displayName),
  version: { N: '1' },
});
export const membership = (userId: string, groupId: string): Item[] => [
  { pk: S(ScimKey.user(userId)), sk: S(ScimSort.memberOf(groupId)), groupId: S(groupId) },
  { pk: S(ScimKey.group(groupId)), sk: S(ScimSort.member(userId)), userId: S(userId) },
];

export async function write(TableName: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

/** Removes a user item, as a SCIM DELETE does. */
export async function deleteUser(TableName: string, id: string): Promise<void> {
  await client.send(new DeleteItemCommand({ TableName, Key: { pk: { S: ScimKey.user(id) }, sk: { S: ScimSort.user } } }));
}
