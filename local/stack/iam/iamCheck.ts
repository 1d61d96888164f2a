/**
 * The local stack's IAM check: every AWS and Wickr call a function makes goes through a recorder
 * (recorder.ts) and is evaluated against the function's role in the packaged template and the
 * resource policy of what it touches (evaluator.ts). A call IAM would refuse is a denial; the
 * e2e harness fails on any, and `npm start` exits non-zero. The granted actions no call
 * exercised are listed too (coverage.ts adds them up across test files).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalFunction } from '../cfn/eventSources';
import type { LocalAccount } from '../cfn/localNames';
import type { CfnTemplate } from '../cfn/template';
import { callsOf, type AuthorizedCall } from './calls';
import { createEvaluator, evaluationCost, type Decision, type Evaluator } from './evaluator';
import { statementsOf, templatePolicies, type PolicyDocument } from './policies';
import { startRecorder, type Recorder, type RecorderTargets } from './recorder';

/** One call IAM would refuse: who made it, as which role, and why. */
export type IamDenial = {
  readonly caller: string;
  readonly role: string;
  readonly action: string;
  readonly resource: string;
  readonly operation: string;
  readonly result: string;
  readonly detail?: string;
  /** How many calls were refused the same way. */
  count: number;
};

/** A granted action of a role that no recorded call used. */
export type UnexercisedGrant = { readonly role: string; readonly action: string };

/** The environment variable naming the directory each stack writes its granted and exercised actions to (coverage.ts). */
export const IAM_RECORD_DIR_ENV = 'WICKR_IDP_SYNC_IAM_RECORD_DIR';

/** Environment variables whose local value replaces the placeholder the local stage was packaged with, and the ARN segment that carries it. */
const PLACEHOLDER_SEGMENTS: readonly (readonly [string, string])[] = [
  ['WICKR_NETWORK_ID', 'network/'],
  ['IDENTITY_STORE_ID', 'identitystore/'],
];

/** The IAM check of one local stack. */
export type IamCheck = {
  /**
   * Gives a function its recorder: returns `env` with `AWS_ENDPOINT_URL` and `WICKR_ENDPOINT`
   * pointing at it. Called by functionEnvironment() for every function it prepares.
   */
  register(fn: LocalFunction, env: Readonly<Record<string, string>>, targets: RecorderTargets): Record<string, string>;
  /** The recorder endpoint of a registered function (for calls Lambda makes with its role: the event source mapping's). */
  endpointOf(fn: LocalFunction): string;
  /** Records the log calls the Lambda runtime makes with the function's role when it first writes a line. */
  logWritten(fn: LocalFunction): void;
  /** Evaluates a call a service principal makes (EventBridge delivering a rule's events to a queue). */
  serviceCall(principal: string, caller: string, call: AuthorizedCall, context: Readonly<Record<string, string>>): void;
  /** Evaluates every call recorded so far (verdicts are computed here, not while the calls are made). */
  settled(): Promise<void>;
  denials(): readonly IamDenial[];
  /** Granted (role → actions) and exercised (role → actions) so far. */
  coverage(): { granted: Record<string, string[]>; exercised: Record<string, string[]> };
  unexercised(): UnexercisedGrant[];
  /** Closes the recorders and, when {@link IAM_RECORD_DIR_ENV} is set, writes the coverage there. */
  stop(): Promise<void>;
};

/** Options of {@link createIamCheck}. */
export type IamCheckOptions = {
  readonly template: CfnTemplate;
  readonly account: LocalAccount;
  /**
   * Write the coverage to {@link IAM_RECORD_DIR_ENV} on stop: only for the packaged serverless.yml,
   * not for a test's own template (a fixture, a copy with a permission removed). @default true
   */
  readonly record?: boolean;
  /** Called once per distinct denial, when it is evaluated. */
  readonly onDenial?: (denial: IamDenial) => void;
};

const replaceAll = (document: PolicyDocument, pairs: readonly (readonly [string, string])[]): PolicyDocument =>
  JSON.parse(pairs.reduce((text, [from, to]) => text.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1)), JSON.stringify(document))) as PolicyDocument;

/** A denial as one line: the call, the resource, the caller and its role. */
export function formatDenial(d: IamDenial): string {
  const times = d.count > 1 ? ` (${d.count} calls)` : '';
  return `IAM would deny ${d.action} on ${d.resource} (${d.operation} by ${d.caller} as ${d.role}): ${d.result}${d.detail ? `: ${d.detail}` : ''}${times}`;
}

let recordSequence = 0;
/**
 * This module instance's id in record file names. jest loads the module afresh for every test
 * file in a worker, so the pid alone (and the sequence, which restarts) would let a later file
 * overwrite an earlier one's records.
 */
const MODULE_INSTANCE = randomUUID().slice(0, 8);

/** Creates the IAM check of a local stack from its packaged template. */
export function createIamCheck(options: IamCheckOptions): IamCheck {
  const { template, account } = options;
  const policies = templatePolicies(template, account);
  const recorders = new Map<string, { recorder: Recorder; fn: LocalFunction; role: string; evaluator?: Evaluator; logged: boolean }>();
  const queued: (() => Promise<void>)[] = [];
  const denials = new Map<string, IamDenial>();
  const exercised = new Map<string, Set<string>>();
  const scope = { accountId: account.accountId, partitionKeyOf: (table: string) => policies.partitionKeys.get(table) };
  const resourcePolicyOf = (resource: string) => policies.resourcePolicies.get(resource);

  // Verdicts are computed when asked for (settled()), not while the scenario runs: the recorder
  // only forwards and parses, so the functions are not slowed by the simulations' CPU.
  const judge = (caller: string, role: string, evaluator: Evaluator | undefined, call: AuthorizedCall, extra?: Readonly<Record<string, string>>): void => {
    queued.push(async () => {
      const decision: Decision = evaluator
        ? await evaluator.evaluate(call, extra)
        : { allowed: false, resource: call.resources[0] ?? '*', result: 'NotEvaluated', detail: 'the role is not defined in the template' };
      if (decision.allowed) {
        let actions = exercised.get(role);
        if (!actions) exercised.set(role, (actions = new Set()));
        actions.add(call.action);
        return;
      }
      const key = JSON.stringify([caller, call.action, decision.resource, decision.result]);
      const known = denials.get(key);
      if (known) known.count += 1;
      else {
        const denial: IamDenial = { caller, role, action: call.action, resource: decision.resource, operation: call.operation, result: decision.result, detail: decision.detail, count: 1 };
        denials.set(key, denial);
        options.onDenial?.(denial);
      }
    });
  };

  const entryOf = (fn: LocalFunction) => {
    const entry = recorders.get(fn.logicalId);
    if (!entry) throw new Error(`function ${fn.logicalId} has no IAM recorder (prepare its environment with functionEnvironment())`);
    return entry;
  };

  /** The log group the runtime writes to: the template's function name (unsuffixed), as osls names the group. */
  const logGroupOf = (fn: LocalFunction): string => {
    const declared = template.Resources[fn.logicalId]?.Properties?.FunctionName;
    return `/aws/lambda/${typeof declared === 'string' ? declared : fn.name}`;
  };

  return {
    register: (fn, env, targets) => {
      let entry = recorders.get(fn.logicalId);
      if (!entry) {
        const roleId = policies.roleOfFunction(fn.logicalId);
        const role = roleId ? policies.roles.get(roleId) : undefined;
        // The local stage is packaged with placeholders (network id, identity store); the scenario's values replace them in the role as in the environment.
        const pairs = PLACEHOLDER_SEGMENTS.flatMap(([name, segment]) => {
          const packaged = fn.environment[name];
          const local = env[name];
          return packaged && local && packaged !== local ? [[`${segment}${packaged}`, `${segment}${local}`] as const] : [];
        });
        const evaluator =
          role &&
          createEvaluator({
            principal: role.arn,
            accountId: account.accountId,
            region: account.region,
            identityPolicies: role.policies.map((p) => ({ name: p.name, document: replaceAll(p.document, pairs) })),
            resourcePolicyOf,
          });
        const roleName = roleId ?? 'an unknown role';
        const recorder = startRecorder(targets, (exchange) => {
          for (const call of callsOf(exchange, scope)) judge(fn.name, roleName, evaluator, call);
        });
        entry = { recorder, fn, role: roleName, evaluator, logged: false };
        recorders.set(fn.logicalId, entry);
      }
      // The SQS client sends to the host of a queue URL rather than to AWS_ENDPOINT_URL
      // (useQueueUrlAsEndpoint), so queue URLs must name the recorder too; moto reads only their path.
      const endpoint = entry.recorder.endpoint;
      const routed = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.startsWith(`${targets.aws}/`) ? `${endpoint}${v.slice(targets.aws.length)}` : v]));
      return { ...routed, AWS_ENDPOINT_URL: endpoint, WICKR_ENDPOINT: endpoint };
    },
    endpointOf: (fn) => entryOf(fn).recorder.endpoint,
    logWritten: (fn) => {
      const entry = recorders.get(fn.logicalId);
      if (!entry || entry.logged) return;
      entry.logged = true;
      // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html: the runtime sends logs with the execution role.
      const stream = `arn:aws:logs:${account.region}:${account.accountId}:log-group:${logGroupOf(fn)}:log-stream:local/[$LATEST]${entry.fn.name}`;
      for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
        judge(fn.name, entry.role, entry.evaluator, { action, resources: [stream], context: {}, operation: `Lambda runtime ${action.slice(5)}` });
      }
    },
    serviceCall: (principal, caller, call, context) => {
      const evaluator = createEvaluator({ principal, accountId: account.accountId, region: account.region, identityPolicies: [], resourcePolicyOf });
      judge(caller, principal, evaluator, call, context);
    },
    settled: async () => {
      // The recorder hands exchanges over on the next turn of the event loop: let those in flight arrive.
      await new Promise((resolve) => setImmediate(resolve));
      while (queued.length > 0) for (const work of queued.splice(0)) await work();
    },
    denials: () => [...denials.values()],
    coverage: () => {
      const granted: Record<string, string[]> = {};
      for (const { logicalId, policies: list } of policies.roles.values()) {
        const actions = list.flatMap((p) => statementsOf(p.document)).flatMap((s) => (s.Effect === 'Allow' ? [s.Action ?? []].flat() : []));
        granted[logicalId] = [...new Set(actions)].sort();
      }
      return { granted, exercised: Object.fromEntries([...exercised].map(([role, actions]) => [role, [...actions].sort()])) };
    },
    unexercised() {
      const { granted, exercised: used } = this.coverage();
      return Object.entries(granted).flatMap(([role, actions]) => actions.filter((a) => !used[role]?.includes(a)).map((action) => ({ role, action })));
    },
    async stop() {
      await this.settled();
      await Promise.all([...recorders.values()].map((e) => e.recorder.close()));
      const dir = process.env[IAM_RECORD_DIR_ENV];
      if (dir && options.record !== false) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${process.pid}.${MODULE_INSTANCE}-${++recordSequence}.json`), JSON.stringify({ ...this.coverage(), denials: this.denials(), cost: { ...evaluationCost } }));
      }
    },
  };
}

/** Waits for every call's verdict and prints each denial as an error; true when there was any (`npm start` then exits 1). */
export async function reportDenials(check: IamCheck, say: (line: string) => void): Promise<boolean> {
  await check.settled();
  const denied = check.denials();
  if (denied.length > 0) say(`error: ${denied.length} AWS call(s) would be denied in AWS by the packaged template's IAM:\n  ${denied.map(formatDenial).join('\n  ')}`);
  return denied.length > 0;
}

/** The error an e2e test fails with when any call would be denied, naming each call. */
export async function expectNoDenials(check: IamCheck): Promise<void> {
  await check.settled();
  const denied = check.denials();
  if (denied.length > 0) throw new Error(`IAM: ${denied.length} call(s) the packaged template's roles or resource policies would refuse:\n  ${denied.map(formatDenial).join('\n  ')}`);
}
