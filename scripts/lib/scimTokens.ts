/**
 * The doctor's view of the SCIM endpoint's tokens: the `token#<id>` items of the SCIM table
 * (src/adapters/scim/schema.ts, `ScimTokenItem`), listed through the `byKind` index. A token is
 * live until its `expiresAt`, if it has one; a revoked token's item is deleted. One paged Query,
 * a read (dynamodb:Query on the index, docs/operator-policy.json).
 */
import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { fromAwsError } from '../../src/adapters/aws/sdkErrors';
import { SCIM_KIND_INDEX, ScimKind } from '../../src/adapters/scim/schema';
import type { ScimTokenPort } from '../../src/core/doctor';

/** Counts the live tokens of the SCIM table `tableName`. */
export function dynamoScimTokens(client: DynamoDBClient, tableName: string, now: () => number = Date.now): ScimTokenPort {
  return {
    async countLiveTokens() {
      let live = 0;
      let start: Record<string, AttributeValue> | undefined;
      try {
        do {
          const out = await client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: SCIM_KIND_INDEX,
              KeyConditionExpression: '#kind = :token',
              ExpressionAttributeNames: { '#kind': 'kind', '#expiresAt': 'expiresAt' },
              ExpressionAttributeValues: { ':token': { S: ScimKind.token } },
              ProjectionExpression: '#expiresAt',
              ExclusiveStartKey: start,
            }),
          );
          const at = now();
          live += (out.Items ?? []).filter((item) => item.expiresAt?.S === undefined || Date.parse(item.expiresAt.S) > at).length;
          start = out.LastEvaluatedKey;
        } while (start);
      } catch (error) {
        throw fromAwsError(error, 'store', `DynamoDB Query ${tableName} (SCIM tokens)`);
      }
      return live;
    },
  };
}
