/**
 * The policies of a packaged template, resolved to local names: each IAM role's inline policies
 * and ARN, which role each function runs as, and the resource policies of queues, buses and
 * secrets. Read generically (by resource type, never by logical id), so a new function or role
 * is covered without touching this file.
 */
import { createResolver, type Resolver } from '../cfn/intrinsics';
import { localResourceValues, physicalNames, type LocalAccount } from '../cfn/localNames';
import { ResourceType, referencedLogicalId, resourcesOfType, type CfnTemplate } from '../cfn/template';

/** An IAM policy document (as the template writes it, intrinsics resolved). */
export type PolicyDocument = { readonly Version?: string; readonly Statement: readonly PolicyStatement[] | PolicyStatement };
export type PolicyStatement = {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
};

/** A role of the template: its logical id, ARN and inline policies. */
export type LocalRole = { readonly logicalId: string; readonly arn: string; readonly policies: readonly { readonly name: string; readonly document: PolicyDocument }[] };

/** What the template says about IAM, locally resolved. */
export type TemplatePolicies = {
  readonly roles: ReadonlyMap<string, LocalRole>;
  /** Function logical id → role logical id (undefined: a role from outside the template). */
  roleOfFunction(functionLogicalId: string): string | undefined;
  /** Resource ARN → its resource policy (queues, buses, secrets). */
  readonly resourcePolicies: ReadonlyMap<string, PolicyDocument>;
  /** Table name (local) → partition key attribute. */
  readonly partitionKeys: ReadonlyMap<string, string>;
};

/** The statements of a document as a list. */
export const statementsOf = (document: PolicyDocument): readonly PolicyStatement[] => [document.Statement].flat() as PolicyStatement[];

const enabled = (template: CfnTemplate, resolver: Resolver, id: string): boolean => {
  const condition = template.Resources[id]?.Condition;
  return !condition || resolver.condition(condition);
};

/** A queue's ARN from its URL (`<endpoint>/<account>/<name>`). */
const queueArnOfUrl = (url: string, region: string): string => {
  const [account, name] = url.split('/').slice(-2);
  return `arn:aws:sqs:${region}:${account}:${name}`;
};

/** Reads the roles, the function → role links and the resource policies of a template. */
export function templatePolicies(template: CfnTemplate, account: LocalAccount): TemplatePolicies {
  const names = physicalNames(template, account);
  const resolver = createResolver(template, account, localResourceValues(template, account, names));
  const resolve = (id: string, value: unknown): unknown => resolver.resolve(value, `Resources.${id}`);

  const roles = new Map<string, LocalRole>();
  for (const [id, r] of resourcesOfType(template, ResourceType.Role)) {
    if (!enabled(template, resolver, id)) continue;
    const p = (r.Properties ?? {}) as Record<string, unknown>;
    const policies = ((resolve(id, p.Policies ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[]) ?? []).map((x) => ({ name: x.PolicyName, document: x.PolicyDocument }));
    roles.set(id, { logicalId: id, arn: String(resolver.resolve({ 'Fn::GetAtt': [id, 'Arn'] })), policies });
  }

  const functionRoles = new Map<string, string | undefined>();
  for (const [id, r] of resourcesOfType(template, 'AWS::Lambda::Function')) functionRoles.set(id, referencedLogicalId(r.Properties?.Role));

  const resourcePolicies = new Map<string, PolicyDocument>();
  for (const [id, r] of resourcesOfType(template, 'AWS::SQS::QueuePolicy').filter(([id]) => enabled(template, resolver, id))) {
    const p = resolve(id, r.Properties ?? {}) as { Queues: string[]; PolicyDocument: PolicyDocument };
    for (const url of p.Queues) resourcePolicies.set(queueArnOfUrl(url, account.region), p.PolicyDocument);
  }
  for (const [id, r] of resourcesOfType(template, 'AWS::Events::EventBus').filter(([id]) => enabled(template, resolver, id))) {
    if (r.Properties?.Policy === undefined) continue;
    const bus = `arn:aws:events:${account.region}:${account.accountId}:event-bus/${names.get(id)}`;
    const policy = resolve(id, r.Properties.Policy);
    resourcePolicies.set(bus, (typeof policy === 'string' ? JSON.parse(policy) : policy) as PolicyDocument);
  }
  for (const [id, r] of resourcesOfType(template, 'AWS::SecretsManager::ResourcePolicy').filter(([id]) => enabled(template, resolver, id))) {
    const p = resolve(id, r.Properties ?? {}) as { SecretId: string; ResourcePolicy: PolicyDocument | string };
    resourcePolicies.set(p.SecretId, (typeof p.ResourcePolicy === 'string' ? JSON.parse(p.ResourcePolicy) : p.ResourcePolicy) as PolicyDocument);
  }

  const partitionKeys = new Map<string, string>();
  for (const [id, r] of resourcesOfType(template, 'AWS::DynamoDB::Table')) {
    const hash = (r.Properties?.KeySchema as { AttributeName: string; KeyType: string }[] | undefined)?.find((k) => k.KeyType === 'HASH');
    if (hash) partitionKeys.set(names.get(id) as string, hash.AttributeName);
  }

  return { roles, roleOfFunction: (id) => functionRoles.get(id), resourcePolicies, partitionKeys };
}
