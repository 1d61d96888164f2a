/**
 * The owner of a Wickr user, `owner#<wickrUserId>`: the source that owns it (`source`), the IdP
 * identity whose link it is (`userKey`, the reverse link Wickr user → IdP user) and when it was
 * claimed. The consumer (DynamoStateStore) and the reconcile (DynamoReconcileStore) claim it the
 * same way, with {@link claimOwner}.
 */
import { type AttributeValue, type DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { WickrOwner } from '../../core/ports';
import type { IdpSource } from '../../core/types';
import { fromAwsError } from './sdkErrors';

type Item = Record<string, AttributeValue>;

/** The owner item's key. */
export const ownerItemKey = (wickrUserId: string): Item => ({ pk: { S: `owner#${wickrUserId}` } });

/** The owner an item holds; null when there is none. */
export function ownerOf(item: Item | undefined): WickrOwner | null {
  const source = item?.source?.S;
  if (source === undefined) return null;
  return { source: source as IdpSource, ...(item?.userKey?.S !== undefined && { userKey: item.userKey.S }) };
}

/**
 * One conditional UpdateItem: `userKey` of `source` becomes the owner when nobody is, or when the
 * owner is its own source and names no identity (an item of an earlier release). Otherwise the
 * owner stays, and the refusal's old item (returned at no read cost) says who it is.
 */
export async function claimOwner(client: DynamoDBClient, table: string, claim: { wickrUserId: string; source: IdpSource; userKey: string; now: number }): Promise<WickrOwner> {
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: ownerItemKey(claim.wickrUserId),
        // `source` is a DynamoDB reserved word.
        UpdateExpression: 'SET #source = :source, #userKey = :userKey, #claimedAt = if_not_exists(#claimedAt, :now)',
        ConditionExpression: 'attribute_not_exists(pk) OR (#source = :source AND attribute_not_exists(#userKey))',
        ExpressionAttributeNames: { '#source': 'source', '#userKey': 'userKey', '#claimedAt': 'claimedAt' },
        ExpressionAttributeValues: { ':source': { S: claim.source }, ':userKey': { S: claim.userKey }, ':now': { S: new Date(claim.now).toISOString() } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { source: claim.source, userKey: claim.userKey };
  } catch (error) {
    if ((error as Error)?.name !== 'ConditionalCheckFailedException') throw fromAwsError(error, 'store', 'DynamoDB UpdateItem (owner)');
    const owner = ownerOf((error as { Item?: Item }).Item) ?? (await readOwner(client, table, claim.wickrUserId));
    // The condition failed, so an owner existed; gone since (an operator deleted it), the claim is retried.
    if (owner === null) throw fromAwsError(error, 'store', 'DynamoDB UpdateItem (owner)');
    return owner;
  }
}

/** The owner, read strongly consistent. */
export async function readOwner(client: DynamoDBClient, table: string, wickrUserId: string): Promise<WickrOwner | null> {
  try {
    const out = await client.send(new GetItemCommand({ TableName: table, Key: ownerItemKey(wickrUserId), ConsistentRead: true }));
    return ownerOf(out.Item);
  } catch (error) {
    throw fromAwsError(error, 'store', 'DynamoDB GetItem (owner)');
  }
}
