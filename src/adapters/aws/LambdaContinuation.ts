import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ContinuationPort } from '../../core/reconcile';
import { fromAwsError } from './sdkErrors';

/**
 * Continues a reconcile run in a fresh invocation of the same function: an asynchronous
 * self-invoke (`InvocationType: Event`), which returns at once and gets a new 15-minute budget.
 * Chosen over the queue (the consumer's queue would mix a long job into user events, and a
 * dedicated queue adds a resource and a mapping) and over Step Functions (a state machine and
 * its IAM for what is a loop). Lambda retries a failed async invocation twice, and a lost one
 * is recovered by the next start, which resumes a run whose lease ran out.
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html
 */
export class LambdaContinuation implements ContinuationPort {
  readonly #client: LambdaClient;
  readonly #functionName: string;

  public constructor(options: { client: LambdaClient; functionName: string }) {
    this.#client = options.client;
    this.#functionName = options.functionName;
  }

  public async continueRun(payload: { continueRunId: string; token: string }): Promise<void> {
    try {
      await this.#client.send(new InvokeCommand({ FunctionName: this.#functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(payload)) }));
    } catch (error) {
      throw fromAwsError(error, 'queue', 'Lambda Invoke (continue the reconcile)');
    }
  }
}
