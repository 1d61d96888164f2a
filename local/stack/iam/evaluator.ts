/**
 * Decides one authorisation the way IAM would, with `@cloud-copilot/iam-simulate`: the
 * principal's identity policies and the resource's policy, every condition operator, explicit
 * denies first. The simulator is AGPL-3.0: it is a dev dependency used by the local stack and the
 * tests only, never imported from `src/` and never bundled into a function (docs/operations.md § IAM).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { AuthorizedCall } from './calls';
import { statementsOf, type PolicyDocument } from './policies';

/** The verdict on one call: allowed, or which resource was refused and how. */
export type Decision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly resource: string; readonly result: 'ImplicitlyDenied' | 'ExplicitlyDenied' | 'NotEvaluated'; readonly detail?: string };

/** Who asks, and the policies that apply. */
export type PrincipalPolicies = {
  /** A role ARN, or a service principal (`events.amazonaws.com`). */
  readonly principal: string;
  readonly accountId: string;
  readonly region: string;
  readonly identityPolicies: readonly { readonly name: string; readonly document: PolicyDocument }[];
  /** The resource policy of a resource ARN, if it has one. */
  resourcePolicyOf(resource: string): PolicyDocument | undefined;
};

/** What evaluating cost, across every evaluator of the process (the check's overhead, reported at the end of a run). */
export const evaluationCost = { calls: 0, simulations: 0, ms: 0 };

/** Evaluates calls for one principal, caching verdicts by everything that decides them. */
export type Evaluator = { evaluate(call: AuthorizedCall, extraContext?: Readonly<Record<string, string>>): Promise<Decision> };

/** Condition keys any of the documents tests (lower case): only those are passed, so equal calls share a verdict. */
function referencedKeys(documents: readonly PolicyDocument[]): Set<string> {
  const keys = new Set<string>();
  for (const s of documents.flatMap(statementsOf)) for (const block of Object.values(s.Condition ?? {})) for (const key of Object.keys(block)) keys.add(key.toLowerCase());
  return keys;
}

/** Creates an evaluator for one principal. */
export function createEvaluator(p: PrincipalPolicies): Evaluator {
  const cache = new Map<string, Promise<Decision>>();
  const identityDocs = p.identityPolicies.map((x) => x.document);
  const isRole = p.principal.startsWith('arn:');
  // The global keys AWS sets on every signed request of a role session over TLS.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
  const principalContext: Record<string, string> = isRole
    ? { 'aws:PrincipalArn': p.principal, 'aws:PrincipalAccount': p.accountId, 'aws:PrincipalType': 'AssumedRole', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': p.region }
    : { 'aws:PrincipalServiceName': p.principal, 'aws:SecureTransport': 'true' };

  const one = async (action: string, resource: string, context: Record<string, string | string[]>): Promise<Decision> => {
    const resourcePolicy = p.resourcePolicyOf(resource);
    const wanted = referencedKeys(resourcePolicy ? [...identityDocs, resourcePolicy] : identityDocs);
    const contextVariables = Object.fromEntries(Object.entries(context).filter(([k]) => wanted.has(k.toLowerCase()) || k.startsWith('aws:')));
    const key = JSON.stringify([action, resource, contextVariables]);
    let pending = cache.get(key);
    if (!pending) {
      const startedAt = performance.now();
      evaluationCost.simulations += 1;
      pending = runSimulation(
        {
          request: { principal: p.principal, action, resource: { resource, accountId: p.accountId }, contextVariables },
          identityPolicies: isRole ? p.identityPolicies.map((x) => ({ name: x.name, policy: x.document })) : [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          ...(resourcePolicy && { resourcePolicy }),
        },
        {},
      ).then((out): Decision => {
        evaluationCost.ms += performance.now() - startedAt;
        if (out.resultType === 'error') return { allowed: false, resource, result: 'NotEvaluated', detail: out.errors.message };
        if (out.overallResult === 'Allowed') return { allowed: true };
        return { allowed: false, resource, result: out.overallResult === 'ExplicitlyDenied' ? 'ExplicitlyDenied' : 'ImplicitlyDenied' };
      });
      cache.set(key, pending);
    }
    return pending;
  };

  return {
    evaluate: async (call, extraContext = {}) => {
      evaluationCost.calls += 1;
      const context = { ...principalContext, ...extraContext, ...(call.context as Record<string, string | string[]>) };
      // Every resource the action names must be allowed.
      for (const resource of call.resources) {
        const decision = await one(call.action, resource, context);
        if (!decision.allowed) return decision;
      }
      return { allowed: true };
    },
  };
}
