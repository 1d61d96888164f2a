import { callsOf, type Exchange } from '../../../../../local/stack/iam/calls';

const SCOPE = { accountId: '123456789012', partitionKeyOf: (table: string) => (table === 'state' ? 'pk' : undefined) };
const signed = (service: string, region = 'us-east-1') => ({ authorization: `AWS4-HMAC-SHA256 Credential=test/20261206/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00` });

function json(service: string, target: string, body: object, responseBody = '{}'): Exchange {
  return { method: 'POST', url: '/', headers: { ...signed(service), 'x-amz-target': target }, body: JSON.stringify(body), status: 200, responseBody };
}

describe('Function: callsOf()', () => {
  it('authorises SendMessageBatch as sqs:SendMessage on the queue named by its URL', () => {
    // Prepare
    const exchange = json('sqs', 'AmazonSQS.SendMessageBatch', { QueueUrl: 'http://127.0.0.1:5000/123456789012/events', Entries: [] });

    // Act
    const calls = callsOf(exchange, SCOPE);

    // Assess
    expect(calls).toEqual([expect.objectContaining({ action: 'sqs:SendMessage', resources: ['arn:aws:sqs:us-east-1:123456789012:events'] })]);
  });

  it('reads the query protocol too', () => {
    const exchange: Exchange = {
      method: 'POST',
      url: '/',
      headers: signed('sqs'),
      body: 'Action=ChangeMessageVisibilityBatch&QueueUrl=http%3A%2F%2Fh%2F123456789012%2Fq',
      status: 200,
      responseBody: '',
    };
    expect(callsOf(exchange, SCOPE)).toEqual([expect.objectContaining({ action: 'sqs:ChangeMessageVisibility', resources: ['arn:aws:sqs:us-east-1:123456789012:q'] })]);
  });

  it('records the partition key of an item call as dynamodb:LeadingKeys', () => {
    const exchange = json('dynamodb', 'DynamoDB_20120810.UpdateItem', { TableName: 'state', Key: { pk: { S: 'link#okta:00u1' } } });
    expect(callsOf(exchange, SCOPE)).toEqual([
      { action: 'dynamodb:UpdateItem', resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/state'], context: { 'dynamodb:LeadingKeys': ['link#okta:00u1'] }, operation: 'DynamoDB UpdateItem' },
    ]);
  });

  it('gives BatchWriteItem every item partition key of each table', () => {
    const exchange = json('dynamodb', 'DynamoDB_20120810.BatchWriteItem', {
      RequestItems: { state: [{ PutRequest: { Item: { pk: { S: 'gm#g#u' } } } }, { DeleteRequest: { Key: { pk: { S: 'mem#m' } } } }] },
    });
    expect(callsOf(exchange, SCOPE)).toEqual([expect.objectContaining({ action: 'dynamodb:BatchWriteItem', context: { 'dynamodb:LeadingKeys': ['gm#g#u', 'mem#m'] } })]);
  });

  it('authorises each operation of a transaction as its single-item action', () => {
    const exchange = json('dynamodb', 'DynamoDB_20120810.TransactWriteItems', {
      TransactItems: [{ Put: { TableName: 'state', Item: { pk: { S: 'owner#1' } } } }, { ConditionCheck: { TableName: 'state', Key: { pk: { S: 'link#a' } } } }],
    });
    expect(callsOf(exchange, SCOPE).map((c) => [c.action, c.context['dynamodb:LeadingKeys']])).toEqual([
      ['dynamodb:PutItem', ['owner#1']],
      ['dynamodb:ConditionCheckItem', ['link#a']],
    ]);
  });

  it('names the index of a Query on an index, without LeadingKeys (that key is the table partition key)', () => {
    const exchange = json('dynamodb', 'DynamoDB_20120810.Query', { TableName: 'state', IndexName: 'byList', KeyConditionExpression: 'gpk = :p', ExpressionAttributeValues: { ':p': { S: 'grp#g' } } });
    expect(callsOf(exchange, SCOPE)).toEqual([expect.objectContaining({ resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/state/index/byList'], context: {} })]);
  });

  it('takes a secret named by name from the ARN the response gives', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:okta-token-AbC123';
    const exchange = json('secretsmanager', 'secretsmanager.GetSecretValue', { SecretId: 'okta-token' }, JSON.stringify({ ARN: arn }));
    expect(callsOf(exchange, SCOPE)).toEqual([expect.objectContaining({ action: 'secretsmanager:GetSecretValue', resources: [arn] })]);
  });

  it('gives Identity Store calls the store and the user, group or membership resources the reference requires', () => {
    const exchange = json('identitystore', 'AWSIdentityStore.ListGroupMemberships', { IdentityStoreId: 'd-1', GroupId: 'g-1' });
    expect(callsOf(exchange, SCOPE)[0]?.resources).toEqual(['arn:aws:identitystore::123456789012:identitystore/d-1', 'arn:aws:identitystore:::membership/*', 'arn:aws:identitystore:::group/g-1']);
  });

  it('names a Wickr call by its route, on the network of its path, in the region it is signed for', () => {
    const exchange: Exchange = { method: 'PATCH', url: '/networks/12345678/users/toggleSuspend?suspend=true', headers: signed('wickr', 'eu-west-2'), body: '{}', status: 200, responseBody: '{}' };
    expect(callsOf(exchange, SCOPE)).toEqual([expect.objectContaining({ action: 'wickr:BatchToggleUserSuspendStatus', resources: ['arn:aws:wickr:eu-west-2:123456789012:network/12345678'] })]);
  });

  it('authorises Lambda Invoke as lambda:InvokeFunction on the function', () => {
    const exchange: Exchange = { method: 'POST', url: '/2015-03-31/functions/wickr-idp-sync-local-reconcile/invocations', headers: signed('lambda'), body: '{}', status: 202, responseBody: '' };
    expect(callsOf(exchange, SCOPE)).toEqual([
      expect.objectContaining({ action: 'lambda:InvokeFunction', resources: ['arn:aws:lambda:us-east-1:123456789012:function:wickr-idp-sync-local-reconcile'] }),
    ]);
  });

  it('gives each PutEvents entry its bus, the default bus when none is named', () => {
    const exchange = json('events', 'AWSEvents.PutEvents', { Entries: [{ EventBusName: 'wickr-idp-sync-local', Source: 's' }, { Source: 't' }] });
    expect(callsOf(exchange, SCOPE).map((c) => c.resources[0])).toEqual([
      'arn:aws:events:us-east-1:123456789012:event-bus/wickr-idp-sync-local',
      'arn:aws:events:us-east-1:123456789012:event-bus/default',
    ]);
  });

  it('ignores an unsigned request', () => {
    expect(callsOf({ method: 'GET', url: '/', headers: {}, body: '', status: 200, responseBody: '' }, SCOPE)).toEqual([]);
  });
});
