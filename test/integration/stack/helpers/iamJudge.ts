import type { CfnTemplate as LocalTemplate } from '../../../../local/stack/cfn/template';
import type { AuthorizedCall } from '../../../../local/stack/iam/calls';
import { createEvaluator, type Decision } from '../../../../local/stack/iam/evaluator';
import { templatePolicies, type TemplatePolicies } from '../../../../local/stack/iam/policies';
import type { CfnTemplate } from './cfn';

/** The account and names the packaged template is resolved to (the stack tests' stage, moto's account). */
export const ACCOUNT = { region: 'us-east-1', accountId: '123456789012', endpoint: 'http://127.0.0.1:4566', stackName: 'wickr-idp-sync-stacktest' } as const;
export const arn = {
  table: 'arn:aws:dynamodb:us-east-1:123456789012:table/wickr-idp-sync-stacktest-state',
  queue: 'arn:aws:sqs:us-east-1:123456789012:wickr-idp-sync-stacktest-events',
  dlq: 'arn:aws:sqs:us-east-1:123456789012:wickr-idp-sync-stacktest-events-dlq',
  rule: (name: string) => `arn:aws:events:us-east-1:123456789012:rule/wickr-idp-sync-stacktest-${name}`,
} as const;

/** Asks IAM (iam-simulate) about calls against a packaged template's roles and resource policies. */
export type Judge = {
  readonly policies: TemplatePolicies;
  /** As a role of the template, by logical id. */
  asRole(roleId: string, call: Partial<AuthorizedCall> & Pick<AuthorizedCall, 'action' | 'resources'>): Promise<Decision>;
  /** As another principal with its own identity policies (an account role with sqs:*), or a service. */
  as(principal: string, identity: object[], call: Partial<AuthorizedCall> & Pick<AuthorizedCall, 'action' | 'resources'>, context?: Record<string, string>): Promise<Decision>;
};

export function judge(template: CfnTemplate): Judge {
  const policies = templatePolicies(template as unknown as LocalTemplate, ACCOUNT);
  const resourcePolicyOf = (r: string) => policies.resourcePolicies.get(r);
  const full = (call: Partial<AuthorizedCall> & Pick<AuthorizedCall, 'action' | 'resources'>): AuthorizedCall => ({ context: {}, operation: call.action, ...call });
  return {
    policies,
    asRole: (roleId, call) => {
      const role = policies.roles.get(roleId);
      if (!role) throw new Error(`no role ${roleId}`);
      return createEvaluator({ principal: role.arn, accountId: ACCOUNT.accountId, region: ACCOUNT.region, identityPolicies: role.policies, resourcePolicyOf }).evaluate(full(call));
    },
    as: (principal, identity, call, context = {}) =>
      createEvaluator({
        principal,
        accountId: ACCOUNT.accountId,
        region: ACCOUNT.region,
        identityPolicies: identity.map((document, i) => ({ name: `p${i}`, document: document as never })),
        resourcePolicyOf,
      }).evaluate(full(call), context),
  };
}

export const allowed = { allowed: true };
export const denied = expect.objectContaining({ allowed: false });
