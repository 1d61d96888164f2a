import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { startMoto } from '../moto/startMoto';
import { startOktaEmulator, type OktaEmulator } from '../okta-emulator';
import { DEFAULT_OKTA_TOKEN, type OktaSeed } from '../okta-emulator/seed';
import { startWickrEmulator } from '../wickr-emulator';
import type { WickrEmulator, WickrSeed } from '../wickr-emulator/types';
import type { LocalEventSource, LocalFunction } from './cfn/eventSources';
import { materialiseStack, type MaterialisedStack } from './cfn/materialise';
import { loadTemplate } from './cfn/template';
import { bundleHandler } from './esm/bundle';
import { createExecutionEnvironment } from './esm/executionEnvironment';
import { startPoller, type InvocationReport, type Poller } from './esm/poller';
import { functionEnvironment, handlerModule } from './functionEnvironment';
import { createIamCheck, type IamCheck } from './iam/iamCheck';
import { OutcomeTracker } from './outcomes';
import { packagedTemplate } from './packageTemplate';
import { busRouter, publishEvents } from './publish';
import { reconcileFunctionOf } from './reconcile/functionOf';
import { replaceSymbolicIds, type ScenarioEvent, type ScenarioSeed } from './scenario';
import { seedIdentityStore, seedMappingParameter, seedSecret } from './seedAws';
import { type LocalScimEndpoint, type LocalScimOptions, startLocalScim } from './scim/endpoint';

const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012'; // moto's default account
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
/** Lambda scales SQS pollers up to 1,000 without ScalingConfig; locally, this many. */
const DEFAULT_LOCAL_CONCURRENCY = 5;

/** Options of {@link startLocalStack}. */
export type LocalStackOptions = {
  readonly seed: ScenarioSeed;
  /** A CloudFormation template to use instead of packaging serverless.yml (tests). */
  readonly templatePath?: string;
  /** `--param` overrides for packaging the local stage. */
  readonly packageParams?: Readonly<Record<string, string>>;
  /** An already running moto; by default the stack starts its own (and stops it). */
  readonly motoEndpoint?: string;
  /** Suffix for every resource name (when sharing a moto). */
  readonly nameSuffix?: string;
  /** Extra or replaced function environment variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** The stack's own diagnostics (packaging, failed batches). */
  readonly log?: (line: string) => void;
  /** Every line the function writes (stdout and stderr). */
  readonly onFunctionLog?: (line: string) => void;
  readonly onInvocation?: (report: InvocationReport) => void;
  /**
   * Route the functions' calls through the IAM check (local/stack/iam). The benchmark turns it off
   * to measure the functions' own calls without the recorder's hop. @default true
   */
  readonly checkIam?: boolean;
  /** Aborts the start-up (Ctrl-C): what was started is stopped and the promise rejects. */
  readonly signal?: AbortSignal;
  /** Serves the SCIM endpoint too (the template is then packaged with scimEnabled=true). */
  readonly scim?: LocalScimOptions;
};

/** A running local stack: moto, the emulators, the resources of the template and the poller. */
export type LocalStack = {
  readonly motoEndpoint: string;
  readonly wickr: WickrEmulator;
  readonly okta: OktaEmulator;
  readonly resources: MaterialisedStack;
  readonly source: LocalEventSource;
  /** The reconcile function's environment (the template's, resolved, with the local endpoints); absent when the template has no reconcile function. */
  readonly reconcileEnvironment?: Readonly<Record<string, string>>;
  readonly reconcileFunction?: LocalFunction;
  /** Every function's AWS and Wickr calls, judged against its role (local/stack/iam) when asked (`iam.settled()`, `expectNoDenials`, `reportDenials`). */
  readonly iam: IamCheck;
  readonly poller: Poller;
  readonly tracker: OutcomeTracker;
  readonly clients: { readonly sqs: SQSClient; readonly events: EventBridgeClient };
  /** Symbolic Identity Center id → the id moto assigned. */
  readonly symbolicIds: ReadonlyMap<string, string>;
  /** The SCIM endpoint, when asked for. */
  readonly scim?: LocalScimEndpoint;
  /** Publishes events (symbolic ids replaced) to the bus of their source. */
  publish(events: readonly ScenarioEvent[], onPublished?: (count: number) => void): Promise<number>;
  /** Puts a raw message on the queue, bypassing EventBridge (a body EventBridge could never deliver). */
  sendRaw(body: string): Promise<void>;
  /**
   * The first failure of the function to start (a crash in its init phase, or a ConfigError it
   * threw before any record): a run waiting for outcomes stops at once with it (run.ts).
   */
  functionFailure(): string | undefined;
  /** Messages visible, in flight and delayed on the event queue. */
  queueDepth(): Promise<{ visible: number; inFlight: number; delayed: number }>;
  stop(): Promise<void>;
};

/**
 * The function's start-up failure an invocation shows: Lambda's `Runtime.InitError` (the module
 * threw while loading, e.g. a ConfigError from readConfig), or a ConfigError thrown by the handler
 * (the mapping refused with no good one to keep). Retrying cannot help either.
 */
export function startFailureOf(report: InvocationReport): string | undefined {
  const { result } = report.invocation;
  if (result.kind === 'crashed' && result.error.startsWith('Runtime.InitError')) return result.error;
  if (result.kind === 'threw' && result.error.startsWith('ConfigError')) return result.error;
  return undefined;
}

/** Starts everything; on failure, stops what it had started before rethrowing. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`while stopping: ${(error as Error).message}`);
      }
    }
  };
  const checkpoint = (): void => {
    if (options.signal?.aborted) throw new Error('start-up aborted');
  };
  try {
    const packageParams = options.scim ? { ...options.packageParams, scimEnabled: 'true' } : options.packageParams;
    const templatePath = options.templatePath ?? (await packagedTemplate(packageParams, log));
    const template = loadTemplate(templatePath);
    checkpoint();

    let motoEndpoint = options.motoEndpoint;
    if (!motoEndpoint) {
      const moto = await startMoto();
      stops.push(() => moto.stop());
      motoEndpoint = moto.endpoint;
    }
    checkpoint();
    // Copies: the SDK marks the credentials object it is given (`$source`), which the Wickr emulator's seed check rejects.
    const config = { endpoint: motoEndpoint, region: REGION, credentials: { ...CREDENTIALS } };
    const sqs = new SQSClient(config);
    const events = new EventBridgeClient(config);
    const account = { region: REGION, accountId: ACCOUNT_ID, endpoint: motoEndpoint, stackName: 'wickr-idp-sync-local', nameSuffix: options.nameSuffix };
    const dynamodb = new DynamoDBClient(config);
    const resources = await materialiseStack(template, account, { sqs, events, dynamodb }, log);
    const source = resources.eventSources.find((s) => s.enabled);
    if (!source) throw new Error(`${templatePath} has no enabled SQS event source mapping`);
    // Only the packaged serverless.yml counts towards which grants the tests exercise.
    const iam = createIamCheck({ template, account, record: options.templatePath === undefined });
    stops.push(() => iam.stop());
    // EventBridge delivers each rule's events to its queue as events.amazonaws.com, on behalf of the rule.
    for (const rule of resources.rules) {
      for (const target of rule.targets.filter((t) => String(t.Arn).startsWith('arn:aws:sqs:'))) {
        const call = { action: 'sqs:SendMessage', resources: [String(target.Arn)], context: {}, operation: 'EventBridge rule target' };
        iam.serviceCall('events.amazonaws.com', `rule ${rule.name}`, call, { 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${rule.name}`, 'aws:SourceAccount': ACCOUNT_ID });
      }
    }
    checkpoint();

    const { seed } = options;
    const wickrRegion = source.function.environment.WICKR_REGION ?? REGION;
    const wickr = await startWickrEmulator({ seed: { ...seed.wickr, credentials: { ...CREDENTIALS }, region: wickrRegion } as unknown as WickrSeed });
    stops.push(() => wickr.stop());
    const okta = await startOktaEmulator({ seed: (seed.okta ?? {}) as OktaSeed });
    stops.push(() => okta.stop());
    checkpoint();

    const symbolicIds = seed.identityCenter ? await seedIdentityStore(new IdentitystoreClient(config), seed.identityCenter) : new Map<string, string>();
    const env = source.function.environment;
    const oktaTokenSecretId =
      seed.okta && env.OKTA_TOKEN_SECRET_ID ? await seedSecret(new SecretsManagerClient(config), env.OKTA_TOKEN_SECRET_ID, String(seed.okta.token ?? DEFAULT_OKTA_TOKEN)) : undefined;
    if (env.MAPPING_PARAMETER_NAME) await seedMappingParameter(new SSMClient(config), env.MAPPING_PARAMETER_NAME, seed.mapping);
    checkpoint();

    const endpoints = {
      motoEndpoint,
      region: REGION,
      wickrEndpoint: wickr.url,
      wickrNetworkId: seed.wickr.networkId,
      oktaOrgUrl: seed.okta ? okta.url : undefined,
      oktaTokenSecretId,
      identityStoreId: seed.identityCenter?.identityStoreId,
      credentials: CREDENTIALS,
      ...(options.checkIam !== false && { iam }),
    };
    const functionEnv = functionEnvironment(source.function, endpoints, options.environment);
    const reconcileFunction = reconcileFunctionOf(template, account);
    const reconcileEnvironment = reconcileFunction && functionEnvironment(reconcileFunction, endpoints, options.environment);
    const handler = handlerModule(source.function.handler);
    const moduleFile = await bundleHandler(handler.moduleFile);
    const { exportName } = handler;
    const tracker = new OutcomeTracker();
    let functionFailure: string | undefined;
    // The event source mapping polls with the function's role: its calls go through the function's recorder.
    const pollerSqs = options.checkIam === false ? sqs : new SQSClient({ ...config, endpoint: iam.endpointOf(source.function) });
    const poller = startPoller({
      sqs: pollerSqs,
      settings: {
        queueUrl: source.queue.url,
        queueArn: source.queue.arn,
        region: REGION,
        batchSize: source.batchSize,
        maximumBatchingWindowSeconds: source.maximumBatchingWindowSeconds,
        maximumConcurrency: source.maximumConcurrency ?? DEFAULT_LOCAL_CONCURRENCY,
        reportBatchItemFailures: source.reportBatchItemFailures,
      },
      createEnvironment: () =>
        createExecutionEnvironment({
          moduleFile,
          exportName,
          functionName: source.function.name,
          memorySizeMb: source.function.memorySizeMb,
          timeoutMs: source.function.timeoutSeconds * 1000,
          region: REGION,
          accountId: ACCOUNT_ID,
          env: functionEnv,
          onStdoutLine: (line) => {
            iam.logWritten(source.function);
            options.onFunctionLog?.(line);
          },
          onStderrLine: (line) => options.onFunctionLog?.(line),
        }),
      onInvocation: (report) => {
        functionFailure ??= startFailureOf(report);
        tracker.record(report);
        if (report.verdict.kind === 'batchFailed') {
          const line = `batch of ${report.records.length} failed (${report.verdict.reason}); its messages return after their visibility timeout`;
          // A handler that throws is the function's business (its log says why); a crash, a timeout or a failed init is the stack's news.
          if (report.invocation.result.kind === 'threw') options.onFunctionLog?.(line);
          else log(line);
        }
        options.onInvocation?.(report);
      },
      log,
    });
    stops.push(() => poller.stop());

    const scim = options.scim
      ? await startLocalScim({ template, account, endpoints, dynamodb, seed: seed.scim, environment: options.environment, onFunctionLog: options.onFunctionLog, log }, options.scim)
      : undefined;
    // Stopped before the poller (stops run in reverse): its last changes still reach the queue.
    if (scim) stops.push(() => scim.server.close());

    const routeBus = busRouter(resources);
    const queueDepth = async (): Promise<{ visible: number; inFlight: number; delayed: number }> => {
      const out = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: source.queue.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
        }),
      );
      const n = (k: string): number => Number(out.Attributes?.[k as 'ApproximateNumberOfMessages'] ?? 0);
      return { visible: n('ApproximateNumberOfMessages'), inFlight: n('ApproximateNumberOfMessagesNotVisible'), delayed: n('ApproximateNumberOfMessagesDelayed') };
    };
    return {
      motoEndpoint,
      wickr,
      okta,
      resources,
      source,
      reconcileEnvironment,
      reconcileFunction,
      iam,
      poller,
      tracker,
      symbolicIds,
      scim,
      clients: { sqs, events },
      publish: (list, onPublished) =>
        publishEvents(
          events,
          list.map((e) => replaceSymbolicIds(e, symbolicIds)),
          routeBus,
          onPublished,
        ),
      sendRaw: async (body) => {
        await sqs.send(new SendMessageCommand({ QueueUrl: source.queue.url, MessageBody: body }));
      },
      functionFailure: () => functionFailure,
      queueDepth,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
