/**
 * Reading a packaged CloudFormation template the way CloudFormation would deploy it: the
 * conditions evaluated (osls has already put the parameter values in), resources whose
 * condition is false left out, and `Fn::If` replaced by the branch taken.
 */

/** CloudFormation properties are free-form JSON; tests read them by path. */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties of any resource type, read loosely by the assertions
export type CfnProps = Record<string, any>;

export type CfnResource = {
  readonly Type: string;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly Properties: CfnProps;
};

export type CfnTemplate = {
  readonly Conditions?: Record<string, unknown>;
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Condition?: string; readonly Value: unknown }>;
};

const NO_VALUE = Symbol('AWS::NoValue');

function evaluate(template: CfnTemplate, expression: unknown): unknown {
  if (typeof expression !== 'object' || expression === null) return expression;
  const [[fn, args]] = Object.entries(expression) as [[string, unknown[]]];
  switch (fn) {
    case 'Fn::Equals':
      return evaluate(template, args[0]) === evaluate(template, args[1]);
    case 'Fn::Not':
      return !evaluate(template, args[0]);
    case 'Fn::And':
      return args.every((a) => evaluate(template, a));
    case 'Fn::Or':
      return args.some((a) => evaluate(template, a));
    case 'Condition':
      return conditionHolds(template, args as unknown as string);
    default:
      throw new Error(`cannot evaluate ${fn} in a condition: ${JSON.stringify(expression)}`);
  }
}

/** Whether a named condition is true for the parameters the template was packaged with. */
export function conditionHolds(template: CfnTemplate, name: string): boolean {
  const expression = template.Conditions?.[name];
  if (expression === undefined) throw new Error(`no condition ${name}`);
  return evaluate(template, expression) === true;
}

/** The value with every `Fn::If` resolved and `AWS::NoValue` removed. */
export function resolveIfs<T>(template: CfnTemplate, value: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk).filter((x) => x !== NO_VALUE);
    if (typeof v !== 'object' || v === null) return v;
    const entries = Object.entries(v);
    if (entries.length === 1 && entries[0]?.[0] === 'Fn::If') {
      const [condition, then, otherwise] = entries[0][1] as [string, unknown, unknown];
      return walk(conditionHolds(template, condition) ? then : otherwise);
    }
    if (entries.length === 1 && entries[0]?.[0] === 'Ref' && entries[0][1] === 'AWS::NoValue') return NO_VALUE;
    return Object.fromEntries(entries.map(([k, x]) => [k, walk(x)] as const).filter(([, x]) => x !== NO_VALUE));
  };
  return walk(value) as T;
}

/** The resources CloudFormation would create, with their `Fn::If`s resolved. */
export function deployedResources(template: CfnTemplate): Record<string, CfnResource> {
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Condition === undefined || conditionHolds(template, r.Condition))
      .map(([id, r]) => [id, resolveIfs(template, r)]),
  );
}

/** The deployed resources of one type, by logical id. */
export function resourcesOfType(template: CfnTemplate, type: string): Record<string, CfnResource> {
  return Object.fromEntries(Object.entries(deployedResources(template)).filter(([, r]) => r.Type === type));
}

/** A deployed resource that must exist. */
export function resource(template: CfnTemplate, logicalId: string): CfnResource {
  const found = deployedResources(template)[logicalId];
  if (!found) throw new Error(`resource ${logicalId} is not deployed with these parameters`);
  return found;
}

/** `{ "Fn::GetAtt": [id, "Arn"] }`, as the template writes a reference to a resource's ARN. */
export const arnOf = (logicalId: string): unknown => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
