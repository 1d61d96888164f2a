import type { LocalFunction } from '../cfn/eventSources';
import { createResolver } from '../cfn/intrinsics';
import { localResourceValues, physicalNames, type LocalAccount } from '../cfn/localNames';
import { ResourceType, resourcesOfType, type CfnTemplate } from '../cfn/template';

/** The reconcile function's handler module (serverless.yml `functions.reconcile.handler`, without the export). */
const RECONCILE_MODULE = 'src/handlers/reconcile';

// Lambda's defaults: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

/**
 * The reconcile function as the template defines it, its environment resolved to local values
 * (table, queue URLs, parameter names), or undefined when the template has none. Found by its
 * handler, never by logical id, as the rest of the stack finds resources by type. It is not
 * behind an event source mapping (its trigger is a schedule), so the materialiser does not read it.
 */
export function reconcileFunctionOf(template: CfnTemplate, account: LocalAccount): LocalFunction | undefined {
  return functionOfModule(template, account, RECONCILE_MODULE);
}

/**
 * The function whose handler lives in `module` (`src/handlers/scim`, …), its environment resolved
 * to local values, or undefined when the template has none (or its condition is false).
 */
export function functionOfModule(template: CfnTemplate, account: LocalAccount, module: string): LocalFunction | undefined {
  const names = physicalNames(template, account);
  const resolver = createResolver(template, account, localResourceValues(template, account, names));
  for (const [id, resource] of resourcesOfType(template, ResourceType.Function)) {
    if (resource.Condition && !resolver.condition(resource.Condition)) continue;
    const handler = resource.Properties?.Handler;
    if (typeof handler !== 'string' || handler.slice(0, handler.lastIndexOf('.')) !== module) continue;
    const p = resolver.resolve(resource.Properties ?? {}, `Resources.${id}.Properties`) as Record<string, unknown>;
    const variables = (p.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    return {
      logicalId: id,
      name: names.get(id) ?? id,
      handler,
      runtime: typeof p.Runtime === 'string' ? p.Runtime : undefined,
      timeoutSeconds: Number(p.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
      memorySizeMb: Number(p.MemorySize ?? DEFAULT_MEMORY_MB),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])),
    };
  }
  return undefined;
}
