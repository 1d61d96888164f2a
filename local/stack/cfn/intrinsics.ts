import type { CfnTemplate } from './template';

/**
 * A resolver for the CloudFormation intrinsic functions a packaged osls template uses, evaluated
 * against local values (moto names, ARNs and URLs). Unknown functions fail loudly with the path,
 * so a new construct in serverless.yml is noticed rather than silently mis-resolved.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */

/** How references to resources are answered locally. */
export type ResourceValues = {
  /** `Ref` of a resource (queue URL, bus name, table name, function name…). */
  ref(logicalId: string): string;
  /** `Fn::GetAtt` of a resource attribute (`Arn`, `QueueName`, `QueueUrl`…). */
  getAtt(logicalId: string, attribute: string): string;
};

/** Pseudo parameters and template parameter values. */
export type ResolverContext = {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly parameters?: Readonly<Record<string, string>>;
};

/** Marks a value removed by `Ref: AWS::NoValue`. */
const NO_VALUE = Symbol('AWS::NoValue');

/** A template value could not be resolved; `path` names where. */
export class TemplateResolveError extends Error {
  public override readonly name = 'TemplateResolveError';
  public constructor(
    public readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** Resolves intrinsic functions; `condition(name)` evaluates a named condition. */
export type Resolver = {
  resolve(value: unknown, path?: string): unknown;
  condition(name: string): boolean;
};

/** Builds a resolver for one template. */
export function createResolver(template: CfnTemplate, context: ResolverContext, resources: ResourceValues): Resolver {
  const conditionCache = new Map<string, boolean>();

  const pseudo: Record<string, string> = {
    'AWS::Region': context.region,
    'AWS::AccountId': context.accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': context.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${context.region}:${context.accountId}:stack/${context.stackName}/local`,
  };

  const ref = (name: string, path: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in pseudo) return pseudo[name];
    if (context.parameters && name in context.parameters) return context.parameters[name];
    const parameter = template.Parameters?.[name];
    if (parameter) {
      if (parameter.Default === undefined) throw new TemplateResolveError(path, `parameter ${name} has no value`);
      return parameter.Default;
    }
    if (template.Resources[name]) return resources.ref(name);
    throw new TemplateResolveError(path, `Ref to unknown ${name}`);
  };

  const condition = (name: string): boolean => {
    const cached = conditionCache.get(name);
    if (cached !== undefined) return cached;
    const definition = template.Conditions?.[name];
    if (definition === undefined) throw new TemplateResolveError(`Conditions.${name}`, 'unknown condition');
    const value = asBoolean(resolve(definition, `Conditions.${name}`), `Conditions.${name}`);
    conditionCache.set(name, value);
    return value;
  };

  const asBoolean = (value: unknown, path: string): boolean => {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    throw new TemplateResolveError(path, `expected a condition, got ${JSON.stringify(value)}`);
  };

  const evaluateCondition = (value: unknown, path: string): boolean => {
    if (value && typeof value === 'object' && 'Condition' in value && Object.keys(value).length === 1) {
      return condition(String((value as { Condition: unknown }).Condition));
    }
    return asBoolean(resolve(value, path), path);
  };

  const sub = (args: unknown, path: string): string => {
    const [text, vars] = Array.isArray(args) ? args : [args, {}];
    if (typeof text !== 'string') throw new TemplateResolveError(path, 'Fn::Sub needs a string');
    const locals = (resolve(vars ?? {}, `${path}[1]`) ?? {}) as Record<string, unknown>;
    return text.replace(/\$\{([^}]+)\}/g, (whole, expression: string) => {
      if (expression.startsWith('!')) return whole.replace('${!', '${');
      if (expression in locals) return String(locals[expression]);
      const dot = expression.indexOf('.');
      if (dot > 0 && template.Resources[expression.slice(0, dot)]) {
        return resources.getAtt(expression.slice(0, dot), expression.slice(dot + 1));
      }
      return String(ref(expression, path));
    });
  };

  const functions: Record<string, (args: unknown, path: string) => unknown> = {
    Ref: (args, path) => ref(String(args), path),
    'Fn::GetAtt': (args, path) => {
      const [id, attribute] = typeof args === 'string' ? [args.slice(0, args.indexOf('.')), args.slice(args.indexOf('.') + 1)] : (args as unknown[]);
      if (typeof id !== 'string' || !template.Resources[id]) throw new TemplateResolveError(path, `Fn::GetAtt of unknown resource ${String(id)}`);
      return resources.getAtt(id, String(resolve(attribute, path)));
    },
    'Fn::Sub': sub,
    'Fn::Join': (args, path) => {
      const [separator, list] = args as [string, unknown];
      const items = resolve(list, path);
      if (!Array.isArray(items)) throw new TemplateResolveError(path, 'Fn::Join needs a list');
      return items.map(String).join(separator);
    },
    'Fn::Select': (args, path) => {
      const [index, list] = args as [unknown, unknown];
      const items = resolve(list, path);
      if (!Array.isArray(items)) throw new TemplateResolveError(path, 'Fn::Select needs a list');
      return items[Number(resolve(index, path))];
    },
    'Fn::Split': (args, path) => {
      const [separator, text] = args as [string, unknown];
      return String(resolve(text, path)).split(separator);
    },
    'Fn::If': (args, path) => {
      const [name, whenTrue, whenFalse] = args as [string, unknown, unknown];
      return condition(name) ? resolve(whenTrue, `${path}[1]`) : resolve(whenFalse, `${path}[2]`);
    },
    'Fn::Equals': (args, path) => {
      const [a, b] = (args as unknown[]).map((v, i) => resolve(v, `${path}[${i}]`));
      return JSON.stringify(a) === JSON.stringify(b);
    },
    'Fn::Not': (args, path) => !evaluateCondition((args as unknown[])[0], path),
    'Fn::And': (args, path) => (args as unknown[]).every((v, i) => evaluateCondition(v, `${path}[${i}]`)),
    'Fn::Or': (args, path) => (args as unknown[]).some((v, i) => evaluateCondition(v, `${path}[${i}]`)),
    'Fn::ToJsonString': (args, path) => JSON.stringify(resolve(args, path)),
    'Fn::GetAZs': () => [`${context.region}a`, `${context.region}b`, `${context.region}c`],
  };

  const resolve = (value: unknown, path = '$'): unknown => {
    if (Array.isArray(value)) {
      return value.map((v, i) => resolve(v, `${path}[${i}]`)).filter((v) => v !== NO_VALUE);
    }
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, args] = entries[0];
      const fn = functions[key];
      if (fn) return fn(args, `${path}.${key}`);
      if (key.startsWith('Fn::')) throw new TemplateResolveError(path, `${key} is not supported locally`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      const resolved = resolve(v, `${path}.${key}`);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  };

  return { resolve: (value, path) => resolve(value, path), condition };
}
