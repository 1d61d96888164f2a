// @ts-check
'use strict';
/**
 * An osls plugin that narrows the log statements osls writes into the functions' shared role.
 * osls grants `logs:CreateLogStream`/`PutLogEvents` on `log-group:/aws/lambda/<service>-<stage>*`,
 * a prefix that also matches the log groups of every stage whose name starts with this one's
 * (`prod` → `prod2`, `prod-eu`). This replaces the prefix with each function's own log group.
 * osls has no setting for it: merge-iam-templates.js in osls's package plugin builds the
 * statements during packaging, before `package:finalize` writes the template.
 */

/**
 * @param {string} logGroupName
 * @param {string} suffix `:*` (the group's streams) or `:*:*` (their events)
 */
const logGroupArn = (logGroupName, suffix) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${logGroupName}${suffix}`,
});

/**
 * Replaces the resources of the role's log statements with the exact log groups.
 * @param {{ Properties: { Policies: { PolicyDocument: { Statement: { Action: string | string[], Resource: unknown }[] } }[] } }} role
 * @param {string[]} logGroupNames
 */
function narrowLogStatements(role, logGroupNames) {
  for (const statement of role.Properties.Policies.flatMap((p) => p.PolicyDocument.Statement)) {
    const actions = [statement.Action].flat();
    if (actions.includes('logs:PutLogEvents') && actions.length === 1) statement.Resource = logGroupNames.map((n) => logGroupArn(n, ':*:*'));
    else if (actions.includes('logs:CreateLogStream')) statement.Resource = logGroupNames.map((n) => logGroupArn(n, ':*'));
  }
}

class LogGroupPolicy {
  /** @param {any} serverless */
  constructor(serverless) {
    this.hooks = {
      'before:package:finalize': () => {
        const provider = serverless.getProvider('aws');
        const template = serverless.service.provider.compiledCloudFormationTemplate;
        const role = template.Resources[provider.naming.getRoleLogicalId()];
        if (!role) return; // a role of our own (provider.iam.role) has no osls log statements
        const names = serverless.service
          .getAllFunctions()
          .map((/** @type {string} */ f) => serverless.service.getFunction(f))
          // A function with a role of its own (the reconcile's) gets nothing from the shared role.
          .filter((/** @type {{ disableLogs?: boolean, role?: unknown }} */ fn) => !fn.disableLogs && fn.role === undefined)
          .map((/** @type {{ name: string }} */ fn) => provider.naming.getLogGroupName(fn.name));
        narrowLogStatements(role, names);
      },
    };
  }
}

module.exports = LogGroupPolicy;
module.exports.narrowLogStatements = narrowLogStatements;
