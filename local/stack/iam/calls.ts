/**
 * What an AWS request asks IAM for: the action, the resource ARNs and the condition-key values,
 * derived from the HTTP request a function sent (and, where the request names a resource only
 * by a name AWS completes, from the response). Each API is mapped as the Service Authorization
 * Reference says it is authorised, e.g. `SendMessageBatch` as `sqs:SendMessage` and
 * `TransactWriteItems` as one item action per operation:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
import { matchRoute } from '../../wickr-emulator/router';

/** One authorisation AWS performs for a request (a request may need several). */
export type AuthorizedCall = {
  /** `service:Action`, as a policy names it. */
  readonly action: string;
  /** Every resource the action needs; each must be allowed. */
  readonly resources: readonly string[];
  /** Condition keys of the request (service-specific ones; the evaluator adds the principal's). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The API operation, for messages (`DynamoDB UpdateItem`). */
  readonly operation: string;
};

/** One HTTP exchange as the recorder saw it. */
export type Exchange = {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  readonly status: number;
  readonly responseBody: string;
};

/** Where the calls are made: the region comes from each request's signature. */
export type CallScope = {
  readonly accountId: string;
  /** The partition key attribute of a table, for `dynamodb:LeadingKeys` (undefined: not recorded). */
  partitionKeyOf(tableName: string): string | undefined;
};

type Json = Record<string, unknown>;
type Item = Record<string, { S?: string; N?: string; B?: string }>;

/** The service and region of a SigV4-signed request (its credential scope), or undefined when unsigned. */
export function signingScope(headers: Exchange['headers']): { service: string; region: string } | undefined {
  const auth = headers.authorization;
  const match = typeof auth === 'string' ? /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth) : null;
  return match ? { region: match[1] as string, service: match[2] as string } : undefined;
}

const parse = (text: string): Json => {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value && typeof value === 'object' ? (value as Json) : {};
  } catch {
    return {};
  }
};

/** The API operation and its input: JSON protocols (X-Amz-Target) or the query protocol (`Action=`). */
function operationOf(exchange: Exchange): { name: string; input: Json } | undefined {
  const target = exchange.headers['x-amz-target'];
  if (typeof target === 'string') return { name: target.slice(target.lastIndexOf('.') + 1), input: parse(exchange.body) };
  const form = new URLSearchParams(exchange.body || exchange.url.split('?')[1] || '');
  const action = form.get('Action');
  return action ? { name: action, input: Object.fromEntries(form) } : undefined;
}

/** The string value of a key attribute (DynamoDB keys are S, N or B). */
const keyValue = (item: Item | undefined, attribute: string): string | undefined => {
  const v = item?.[attribute];
  return v?.S ?? v?.N ?? v?.B;
};

function dynamodbCalls(name: string, input: Json, arn: (resource: string) => string, scope: CallScope): AuthorizedCall[] {
  const operation = `DynamoDB ${name}`;
  const tableArn = (table: string): string => arn(`table/${table}`);
  const leading = (table: string, items: readonly (Item | undefined)[]): Record<string, string[]> => {
    const key = scope.partitionKeyOf(table);
    const values = key ? items.map((i) => keyValue(i, key)).filter((v): v is string => v !== undefined) : [];
    return values.length ? { 'dynamodb:LeadingKeys': [...new Set(values)] } : {};
  };
  const item = (table: string, action: string, key: Item | undefined): AuthorizedCall => ({ action: `dynamodb:${action}`, resources: [tableArn(table)], context: leading(table, [key]), operation });
  const table = String(input.TableName ?? '');
  switch (name) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [item(table, name, input.Key as Item)];
    case 'PutItem':
      return [item(table, name, input.Item as Item)];
    case 'Query':
    case 'Scan': {
      // An index is its own resource; LeadingKeys is the table's partition key, so it is recorded only for a Query on the table.
      const index = typeof input.IndexName === 'string' ? input.IndexName : undefined;
      const resource = index ? arn(`table/${table}/index/${index}`) : tableArn(table);
      const context = name === 'Query' && !index ? leading(table, [queryKey(input, scope.partitionKeyOf(table))]) : {};
      return [{ action: `dynamodb:${name}`, resources: [resource], context, operation }];
    }
    case 'BatchWriteItem':
    case 'BatchGetItem':
      // One authorisation per table, its LeadingKeys every item's partition key.
      return Object.entries((input.RequestItems ?? {}) as Record<string, unknown>).map(([t, requests]) => {
        const keys =
          name === 'BatchGetItem'
            ? ((requests as { Keys?: Item[] }).Keys ?? [])
            : (requests as { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]).map((r) => r.PutRequest?.Item ?? r.DeleteRequest?.Key);
        return { action: `dynamodb:${name}`, resources: [tableArn(t)], context: leading(t, keys), operation };
      });
    case 'TransactWriteItems':
    case 'TransactGetItems': {
      // Each operation of a transaction is authorised as the single-item action it performs.
      const actions: Record<string, string> = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem', Get: 'GetItem' };
      return ((input.TransactItems ?? []) as Record<string, { TableName: string; Key?: Item; Item?: Item }>[]).flatMap((entry) =>
        Object.entries(entry).map(([kind, op]) => item(op.TableName, actions[kind] ?? kind, op.Key ?? op.Item)),
      );
    }
    default:
      return [{ action: `dynamodb:${name}`, resources: [table ? tableArn(table) : '*'], context: {}, operation }];
  }
}

/** The partition key value a Query's key condition names (`pk = :v` or `#n = :v`). */
function queryKey(input: Json, partitionKey: string | undefined): Item | undefined {
  if (!partitionKey || typeof input.KeyConditionExpression !== 'string') return undefined;
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  for (const m of input.KeyConditionExpression.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const attribute = m[1]?.startsWith('#') ? names[m[1]] : m[1];
    if (attribute === partitionKey) return { [partitionKey]: values[m[2] as string] ?? {} };
  }
  return undefined;
}

/** SQS actions of the batch APIs (Service Authorization Reference for Amazon SQS). */
const SQS_BATCH_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

function sqsCalls(name: string, input: Json, region: string, accountId: string): AuthorizedCall[] {
  const url = String(input.QueueUrl ?? '');
  const path = url
    .replace(/^\w+:\/\/[^/]+/, '')
    .split('/')
    .filter(Boolean);
  const queueAccount = path.length >= 2 ? path[path.length - 2] : accountId;
  const queueName = path[path.length - 1] ?? String(input.QueueName ?? '*');
  return [{ action: `sqs:${SQS_BATCH_ACTIONS[name] ?? name}`, resources: [`arn:aws:sqs:${region}:${queueAccount}:${queueName}`], context: {}, operation: `SQS ${name}` }];
}

/** Identity Store resources per action: the store plus the user, group or membership types the reference lists. */
function identityStoreCalls(name: string, input: Json, accountId: string): AuthorizedCall[] {
  const store = `arn:aws:identitystore::${accountId}:identitystore/${String(input.IdentityStoreId ?? '*')}`;
  const user = (id: unknown): string => `arn:aws:identitystore:::user/${typeof id === 'string' ? id : '*'}`;
  const group = (id: unknown): string => `arn:aws:identitystore:::group/${typeof id === 'string' ? id : '*'}`;
  const memberships = 'arn:aws:identitystore:::membership/*';
  const member = (input.MemberId as { UserId?: string } | undefined)?.UserId;
  const extra: Record<string, string[]> = {
    DescribeUser: [user(input.UserId)],
    ListUsers: [user(undefined)],
    GetUserId: [user(undefined)],
    DescribeGroup: [group(input.GroupId)],
    ListGroups: [group(undefined)],
    GetGroupId: [group(undefined)],
    ListGroupMemberships: [memberships, group(input.GroupId)],
    ListGroupMembershipsForMember: [memberships, user(member)],
  };
  return [{ action: `identitystore:${name}`, resources: [store, ...(extra[name] ?? [])], context: {}, operation: `Identity Store ${name}` }];
}

/** The secret's full ARN: the request's, or (for a name) the one the response names; a name alone matches no `-??????` grant. */
function secretArn(input: Json, responseBody: string, region: string, accountId: string): string {
  const id = String(input.SecretId ?? '');
  if (id.startsWith('arn:')) return id;
  const answered = parse(responseBody).ARN;
  return typeof answered === 'string' ? answered : `arn:aws:secretsmanager:${region}:${accountId}:secret:${id}`;
}

/** The bus a PutEvents entry goes to (a name or an ARN; `default` when none). */
const busArn = (bus: unknown, region: string, accountId: string): string =>
  typeof bus === 'string' && bus.startsWith('arn:') ? bus : `arn:aws:events:${region}:${accountId}:event-bus/${typeof bus === 'string' && bus ? bus : 'default'}`;

/** Every authorisation a request needs; empty for a request that is not an AWS API call this module knows. */
export function callsOf(exchange: Exchange, scope: CallScope): AuthorizedCall[] {
  const signed = signingScope(exchange.headers);
  if (!signed) return [];
  const { service, region } = signed;
  const { accountId } = scope;
  if (service === 'wickr') {
    const path = exchange.url.split('?')[0] ?? '/';
    const route = matchRoute(exchange.method, path);
    const network = route?.params.networkId ?? '*';
    return [{ action: `wickr:${route?.name ?? 'UnknownOperation'}`, resources: [`arn:aws:wickr:${region}:${accountId}:network/${network}`], context: {}, operation: `Wickr ${route?.name ?? path}` }];
  }
  if (service === 'lambda') {
    // Invoke: POST /2015-03-31/functions/{FunctionName}/invocations; InvokeAsync: …/invoke-async/.
    const m = /^\/[\d-]+\/functions\/([^/]+)\/(invocations|invoke-async)/.exec(exchange.url);
    if (!m) return [{ action: 'lambda:Unknown', resources: ['*'], context: {}, operation: `Lambda ${exchange.method} ${exchange.url}` }];
    const fn = decodeURIComponent(m[1] as string);
    const arn = fn.startsWith('arn:') ? fn : `arn:aws:lambda:${region}:${accountId}:function:${fn}`;
    return [{ action: 'lambda:InvokeFunction', resources: [arn], context: {}, operation: 'Lambda Invoke' }];
  }
  const op = operationOf(exchange);
  if (!op) return [];
  const { name, input } = op;
  const arn = (resource: string): string => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  switch (service) {
    case 'dynamodb':
      return dynamodbCalls(name, input, arn, scope);
    case 'sqs':
      return sqsCalls(name, input, region, accountId);
    case 'identitystore':
      return identityStoreCalls(name, input, accountId);
    case 'secretsmanager':
      return [{ action: `secretsmanager:${name}`, resources: [secretArn(input, exchange.responseBody, region, accountId)], context: {}, operation: `Secrets Manager ${name}` }];
    case 'ssm': {
      const names = name === 'GetParameters' ? ((input.Names ?? []) as string[]) : [String(input.Name ?? input.Path ?? '')];
      // A parameter ARN has no double slash for hierarchical names: parameter/a/b.
      return names.map((n) => ({ action: `ssm:${name}`, resources: [arn(`parameter/${n.replace(/^\//, '')}`)], context: {}, operation: `SSM ${name}` }));
    }
    case 'events': {
      if (name !== 'PutEvents') return [{ action: `events:${name}`, resources: ['*'], context: {}, operation: `EventBridge ${name}` }];
      const entries = (input.Entries ?? []) as { EventBusName?: string; Source?: string; DetailType?: string }[];
      return entries.map((e) => ({
        action: 'events:PutEvents',
        resources: [busArn(e.EventBusName, region, accountId)],
        context: { ...(e.Source && { 'events:source': e.Source }), ...(e.DetailType && { 'events:detail-type': e.DetailType }) },
        operation: 'EventBridge PutEvents',
      }));
    }
    default:
      return [{ action: `${service}:${name}`, resources: ['*'], context: {}, operation: `${service} ${name}` }];
  }
}
