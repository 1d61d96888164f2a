/** Token records (hashes only) as `token#<id>` items of the SCIM table (schema.ts `ScimTokenItem`). */
import { type AttributeValue, DeleteItemCommand, type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { fromAwsError } from '../aws/sdkErrors';
import { Dependency } from '../../core/errors';
import type { TokenRecord, TokenStore } from '../../core/scim/tokens';
import { SCIM_KIND_INDEX, ScimKey, ScimKind, ScimSort } from './schema';

/** {@link TokenStore} on the SCIM table. */
export class DynamoTokenStore implements TokenStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  public constructor(options: { client: DynamoDBClient; tableName: string }) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  public async listTokens(): Promise<TokenRecord[]> {
    try {
      const records: TokenRecord[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const out = await this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            IndexName: SCIM_KIND_INDEX,
            KeyConditionExpression: '#kind = :k',
            ExpressionAttributeNames: { '#kind': 'kind' },
            ExpressionAttributeValues: { ':k': { S: ScimKind.token } },
            ExclusiveStartKey: start,
          }),
        );
        for (const item of out.Items ?? []) {
          records.push({ id: item.id?.S as string, sha256: item.sha256?.S as string, createdAt: item.createdAt?.S as string, ...(item.expiresAt?.S ? { expiresAt: item.expiresAt.S } : {}) });
        }
        start = out.LastEvaluatedKey;
      } while (start);
      return records;
    } catch (error) {
      throw fromAwsError(error, Dependency.Store, 'Query tokens');
    }
  }

  public async putToken(record: TokenRecord): Promise<void> {
    const item = {
      pk: { S: ScimKey.token(record.id) },
      sk: { S: ScimSort.token },
      kind: { S: ScimKind.token },
      id: { S: record.id },
      sha256: { S: record.sha256 },
      createdAt: { S: record.createdAt },
      ...(record.expiresAt ? { expiresAt: { S: record.expiresAt } } : {}),
    };
    try {
      await this.#client.send(new PutItemCommand({ TableName: this.#table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      throw fromAwsError(error, Dependency.Store, 'PutItem token');
    }
  }

  public async deleteToken(id: string): Promise<boolean> {
    try {
      const out = await this.#client.send(new DeleteItemCommand({ TableName: this.#table, Key: { pk: { S: ScimKey.token(id) }, sk: { S: ScimSort.token } }, ReturnValues: 'ALL_OLD' }));
      return out.Attributes !== undefined;
    } catch (error) {
      throw fromAwsError(error, Dependency.Store, 'DeleteItem token');
    }
  }
}
