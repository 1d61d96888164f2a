import type { SQSClient } from '@aws-sdk/client-sqs';
import { CreateEventBusCommand, PutPermissionCommand, PutRuleCommand, PutTargetsCommand, type EventBridgeClient, type Target } from '@aws-sdk/client-eventbridge';
import { CreateTableCommand, UpdateTimeToLiveCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createResolver } from './intrinsics';
import { localBusName, localResourceValues, physicalNames, PARTNER_BUS_PREFIX, type LocalAccount } from './localNames';
import { readEventSources, type LocalEventSource } from './eventSources';
import { createQueues, type LocalQueue } from './queues';
import { ResourceType, resourcesOfType, type CfnTemplate } from './template';

/** A rule as installed (`busName` is the template's bus, `installedOn` the moto buses it is on). */
export type LocalRule = { readonly logicalId: string; readonly name: string; readonly busName: string; readonly pattern: string; readonly state: string; readonly targets: Target[] };
/** Everything the template defined, as it now exists in moto. */
export type MaterialisedStack = {
  readonly queues: readonly LocalQueue[];
  /** Template bus name (or partner source name) → moto bus name. */
  readonly buses: ReadonlyMap<string, string>;
  readonly rules: readonly LocalRule[];
  readonly tables: readonly string[];
  readonly eventSources: readonly LocalEventSource[];
  /** The stack's own custom bus (generic events), when it defines one. */
  readonly ownBusName?: string;
  /** Installs the rules of the template's partner buses on the stand-in bus of another partner source; returns that bus. */
  ensurePartnerBus(partnerSourceName: string): Promise<string>;
};

export type { LocalQueue };

/** AWS clients pointed at moto. */
export type MotoClients = { readonly sqs: SQSClient; readonly events: EventBridgeClient; readonly dynamodb: DynamoDBClient };

function isAlreadyExists(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return name === 'ResourceAlreadyExistsException' || name === 'ResourceInUseException' || name === 'QueueAlreadyExists';
}

async function ignoreExisting(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
  }
}

function tableInput(name: string, p: Record<string, unknown>): CreateTableCommandInput {
  const billing = (p.BillingMode as string | undefined) ?? 'PROVISIONED';
  return {
    TableName: name,
    AttributeDefinitions: p.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    KeySchema: p.KeySchema as CreateTableCommandInput['KeySchema'],
    BillingMode: billing as CreateTableCommandInput['BillingMode'],
    ProvisionedThroughput: billing === 'PROVISIONED' ? ((p.ProvisionedThroughput as CreateTableCommandInput['ProvisionedThroughput']) ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 }) : undefined,
    GlobalSecondaryIndexes: p.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
    LocalSecondaryIndexes: p.LocalSecondaryIndexes as CreateTableCommandInput['LocalSecondaryIndexes'],
  };
}

/**
 * Creates in moto every queue, bus, rule (with its SQS targets) and table of the template, with
 * the template's own settings, and reads the event source mappings and their functions.
 */
export async function materialiseStack(template: CfnTemplate, account: LocalAccount, clients: MotoClients, log: (line: string) => void = () => {}): Promise<MaterialisedStack> {
  const names = physicalNames(template, account);
  const resolver = createResolver(template, account, localResourceValues(template, account, names));
  const enabled = (id: string): boolean => {
    const c = template.Resources[id]?.Condition;
    return !c || resolver.condition(c);
  };
  const suffix = account.nameSuffix ?? '';

  const queues = await createQueues(template, resolver, names, account, clients.sqs);

  const buses = new Map<string, string>();
  let ownBusName: string | undefined;
  for (const [id, resource] of resourcesOfType(template, ResourceType.EventBus).filter(([id]) => enabled(id))) {
    const templateName = String(resolver.resolve(resource.Properties?.Name ?? id));
    const local = names.get(id) as string;
    buses.set(templateName, local);
    await ignoreExisting(clients.events.send(new CreateEventBusCommand({ Name: local })));
    // Who may publish (the generic bus names its publishers); moto keeps it but does not enforce it.
    const policy = resource.Properties?.Policy;
    if (policy !== undefined) {
      const document = resolver.resolve(policy, `Resources.${id}.Properties.Policy`);
      await clients.events.send(new PutPermissionCommand({ EventBusName: local, Policy: typeof document === 'string' ? document : JSON.stringify(document) }));
    }
    if (!templateName.startsWith(PARTNER_BUS_PREFIX)) ownBusName ??= local;
  }

  const rules: LocalRule[] = [];
  for (const [id, resource] of resourcesOfType(template, ResourceType.Rule).filter(([id]) => enabled(id))) {
    const p = resolver.resolve(resource.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, unknown>;
    // A schedule (the reconcile's) matches no event; locally the reconcile runs on demand.
    if (p.ScheduleExpression !== undefined && p.EventPattern === undefined) {
      log(`rule ${id}: a schedule (${String(p.ScheduleExpression)}), not installed locally`);
      continue;
    }
    const busName = typeof p.EventBusName === 'string' ? p.EventBusName : 'default';
    const pattern = typeof p.EventPattern === 'string' ? p.EventPattern : JSON.stringify(p.EventPattern);
    const targets = ((p.Targets as Target[] | undefined) ?? []).filter((t) => {
      if (String(t.Arn).startsWith('arn:aws:sqs:')) return true;
      log(`rule ${id}: target ${t.Id} (${t.Arn}) is not an SQS queue; moto cannot deliver to it, skipped`);
      return false;
    });
    for (const t of targets) if (t.InputPath || t.Input) log(`rule ${id}: moto ignores InputPath/Input on target ${t.Id}; the whole event is delivered`);
    rules.push({ logicalId: id, name: names.get(id) as string, busName, pattern, state: String(p.State ?? 'ENABLED'), targets });
  }

  const installRule = async (rule: LocalRule, motoBus: string): Promise<void> => {
    if (motoBus !== 'default') await ignoreExisting(clients.events.send(new CreateEventBusCommand({ Name: motoBus })));
    await clients.events.send(new PutRuleCommand({ Name: rule.name, EventBusName: motoBus, EventPattern: rule.pattern, State: rule.state as 'ENABLED' }));
    if (rule.targets.length) await clients.events.send(new PutTargetsCommand({ Rule: rule.name, EventBusName: motoBus, Targets: rule.targets }));
  };
  for (const rule of rules) {
    const motoBus = localBusName(rule.busName, buses, suffix);
    buses.set(rule.busName, motoBus);
    await installRule(rule, motoBus);
  }

  const tables: string[] = [];
  for (const [id, resource] of resourcesOfType(template, ResourceType.Table).filter(([id]) => enabled(id))) {
    const p = resolver.resolve(resource.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, unknown>;
    const name = names.get(id) as string;
    await ignoreExisting(clients.dynamodb.send(new CreateTableCommand(tableInput(name, p))));
    const ttl = p.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined;
    if (ttl?.Enabled && ttl.AttributeName) {
      await clients.dynamodb.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true } }));
    }
    tables.push(name);
  }

  const partnerRules = rules.filter((r) => r.busName.startsWith(PARTNER_BUS_PREFIX));
  const ensurePartnerBus = async (partnerSourceName: string): Promise<string> => {
    const known = buses.get(partnerSourceName);
    if (known) return known;
    const motoBus = localBusName(partnerSourceName, buses, suffix);
    buses.set(partnerSourceName, motoBus);
    await ignoreExisting(clients.events.send(new CreateEventBusCommand({ Name: motoBus })));
    // Each partner source is its own bus in AWS; a rule applies only on the bus it was put on.
    const vendor = partnerSourceName.split('/').slice(0, 2).join('/');
    for (const rule of partnerRules.filter((r) => r.busName.startsWith(`${vendor}/`))) await installRule(rule, motoBus);
    return motoBus;
  };

  const eventSources = readEventSources(template, resolver, queues, names);
  return { queues, buses, rules, tables, eventSources, ownBusName, ensurePartnerBus };
}
