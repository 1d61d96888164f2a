import { readFileSync } from 'node:fs';

/** One resource of a CloudFormation template. */
export type CfnResource = {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
};

/** The parts of a CloudFormation template the local stack reads. */
export type CfnTemplate = {
  readonly Parameters?: Record<string, { readonly Default?: unknown; readonly Type?: string }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, unknown>;
};

/** Resource types the local stack materialises in moto or runs itself. */
export const ResourceType = {
  Queue: 'AWS::SQS::Queue',
  EventBus: 'AWS::Events::EventBus',
  Rule: 'AWS::Events::Rule',
  Table: 'AWS::DynamoDB::Table',
  EventSourceMapping: 'AWS::Lambda::EventSourceMapping',
  Function: 'AWS::Lambda::Function',
  /** Not materialised (moto does not enforce IAM): read for the IAM check and for role ARNs in policies. */
  Role: 'AWS::IAM::Role',
} as const;

/** Reads and minimally checks a template file (JSON, as `osls package` writes it). */
export function loadTemplate(path: string): CfnTemplate {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as CfnTemplate).Resources !== 'object') {
    throw new Error(`${path} is not a CloudFormation template (no Resources)`);
  }
  return parsed as CfnTemplate;
}

/** The [logicalId, resource] pairs of one type, in template order. Resources are found by type, never by id. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** The logical id a `{Ref: X}` or `{"Fn::GetAtt": [X, …]}` points at, if the value is one of those. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}
