import { createResolver, type ResourceValues } from './intrinsics';
import { ResourceType, type CfnTemplate } from './template';

/** Where the local resources live: moto's account, region and endpoint. */
export type LocalAccount = {
  readonly region: string;
  readonly accountId: string;
  /** moto's endpoint; queue URLs are `${endpoint}/${accountId}/${name}`. */
  readonly endpoint: string;
  readonly stackName: string;
  /** Appended to every physical name so runs sharing one moto do not collide. */
  readonly nameSuffix?: string;
};

/** EventBridge partner buses are named after their partner event source. */
export const PARTNER_BUS_PREFIX = 'aws.partner/';

/**
 * moto cannot create, or put rules on, a bus whose name contains `/` (it takes the last path
 * segment of the name), so each partner bus is stood in for by a custom bus whose name has the
 * slashes replaced. Events still carry the partner `source`, so the Okta rule's pattern applies
 * unchanged. See docs/local.md.
 */
export function partnerStandInBusName(partnerBusName: string, nameSuffix = ''): string {
  return `${partnerBusName.replace(/\//g, '_')}${nameSuffix}`.slice(0, 256);
}

function withSuffix(name: string, suffix: string, maxLength: number): string {
  if (!suffix) return name.slice(0, maxLength);
  const fifo = name.endsWith('.fifo') ? '.fifo' : '';
  const base = fifo ? name.slice(0, -fifo.length) : name;
  return `${base.slice(0, maxLength - suffix.length - fifo.length)}${suffix}${fifo}`;
}

/**
 * The physical names the resources get in moto: the template's own names (QueueName, Name,
 * TableName, FunctionName) when it sets them, CloudFormation-style generated ones otherwise,
 * each with the run's suffix.
 */
export function physicalNames(template: CfnTemplate, account: LocalAccount): Map<string, string> {
  const suffix = account.nameSuffix ?? '';
  const names = new Map<string, string>();
  const generated = (id: string, max: number): string => `${account.stackName}-${id}`.slice(0, max);
  for (const [id, resource] of Object.entries(template.Resources)) {
    const p = resource.Properties ?? {};
    const literal = (key: string): string | undefined => (typeof p[key] === 'string' ? (p[key] as string) : undefined);
    switch (resource.Type) {
      case ResourceType.Queue: {
        const fifo = p.FifoQueue === true || p.FifoQueue === 'true';
        const name = literal('QueueName') ?? `${generated(id, 75)}${fifo ? '.fifo' : ''}`;
        names.set(id, withSuffix(name, suffix, 80));
        break;
      }
      case ResourceType.EventBus: {
        const name = literal('Name') ?? generated(id, 200);
        names.set(id, name.startsWith(PARTNER_BUS_PREFIX) ? partnerStandInBusName(name, suffix) : withSuffix(name, suffix, 256));
        break;
      }
      case ResourceType.Rule:
        names.set(id, withSuffix(literal('Name') ?? generated(id, 64), suffix, 64));
        break;
      case ResourceType.Table:
        names.set(id, withSuffix(literal('TableName') ?? generated(id, 200), suffix, 255));
        break;
      case ResourceType.Function:
        names.set(id, withSuffix(literal('FunctionName') ?? generated(id, 64), suffix, 64));
        break;
      case ResourceType.Role: {
        // osls joins the role name from literals and the region; IAM is not materialised, so no suffix.
        const declared = p.RoleName === undefined ? undefined : createResolver(template, account, NO_RESOURCES).resolve(p.RoleName, `Resources.${id}.Properties.RoleName`);
        names.set(id, typeof declared === 'string' ? declared : generated(id, 64));
        break;
      }
      default:
        names.set(id, `${account.stackName}-${id}`);
    }
  }
  return names;
}

/** For names that may use pseudo parameters only: a reference to a resource fails. */
const NO_RESOURCES: ResourceValues = {
  ref: (id) => {
    throw new Error(`a physical name cannot reference ${id}`);
  },
  getAtt: (id) => {
    throw new Error(`a physical name cannot reference ${id}`);
  },
};

/** Answers `Ref` and `Fn::GetAtt` with the local names, URLs and ARNs. */
export function localResourceValues(template: CfnTemplate, account: LocalAccount, names: Map<string, string>): ResourceValues {
  const { region, accountId } = account;
  const name = (id: string): string => names.get(id) ?? id;
  const arn = (id: string): string => {
    switch (template.Resources[id]?.Type) {
      case ResourceType.Queue:
        return `arn:aws:sqs:${region}:${accountId}:${name(id)}`;
      case ResourceType.EventBus:
        return `arn:aws:events:${region}:${accountId}:event-bus/${name(id)}`;
      case ResourceType.Rule:
        return `arn:aws:events:${region}:${accountId}:rule/${name(id)}`;
      case ResourceType.Table:
        return `arn:aws:dynamodb:${region}:${accountId}:table/${name(id)}`;
      case ResourceType.Function:
        return `arn:aws:lambda:${region}:${accountId}:function:${name(id)}`;
      case ResourceType.Role: {
        const path = template.Resources[id]?.Properties?.Path;
        return `arn:aws:iam::${accountId}:role${typeof path === 'string' ? path : '/'}${name(id)}`;
      }
      default:
        return `arn:aws:local:${region}:${accountId}:${id}`;
    }
  };
  return {
    ref: (id) => {
      const type = template.Resources[id]?.Type;
      if (type === ResourceType.Queue) return `${account.endpoint}/${accountId}/${name(id)}`;
      if (type === 'AWS::SecretsManager::Secret' || type === 'AWS::SNS::Topic') return arn(id);
      return name(id);
    },
    getAtt: (id, attribute) => {
      switch (attribute) {
        case 'Arn':
          return arn(id);
        case 'QueueName':
        case 'Name':
          return name(id);
        case 'QueueUrl':
          return `${account.endpoint}/${accountId}/${name(id)}`;
        case 'StreamArn':
          return `${arn(id)}/stream/local`;
        default:
          return `${name(id)}.${attribute}`;
      }
    },
  };
}

/** The bus name to use in moto for a bus named in a rule or event (a name or an ARN). */
export function localBusName(nameOrArn: string, templateBusNames: ReadonlyMap<string, string>, nameSuffix = ''): string {
  const name = nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.indexOf(':event-bus/') + ':event-bus/'.length) : nameOrArn;
  if (name === 'default') return name;
  const known = templateBusNames.get(name);
  if (known) return known;
  if ([...templateBusNames.values()].includes(name)) return name;
  return name.startsWith(PARTNER_BUS_PREFIX) ? partnerStandInBusName(name, nameSuffix) : withSuffix(name, nameSuffix, 256);
}
