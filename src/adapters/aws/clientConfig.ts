/**
 * Connection and request timeouts for every AWS SDK client the consumer builds (DynamoDB, SQS,
 * SSM, Secrets Manager, Identity Store). Without them the SDK waits on a hung connection for as
 * long as the socket allows, and one stuck call eats the whole invocation: the batch then times
 * out and comes back, receive after receive, until it is dead-lettered for nothing.
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html
 * https://github.com/smithy-lang/smithy-typescript/tree/main/packages/node-http-handler
 */

/** How long one attempt may take (ms). */
export type AwsClientTimeouts = {
  /** To open the TCP (and TLS) connection. */
  readonly connectionTimeoutMs: number;
  /** From sending the request to the end of the response. */
  readonly requestTimeoutMs: number;
};

/**
 * The defaults: far below the 10 s minimum function timeout (stack/limits.json), so even the
 * SDK's three attempts of a call that hangs each time leave the invocation time to answer.
 * Every call the consumer makes is a single-item or single-page one that takes milliseconds.
 */
export const AWS_CLIENT_TIMEOUTS: AwsClientTimeouts = Object.freeze({ connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 });

/**
 * The reconcile's: its calls are bulk ones (1 MB Query pages, 25-item BatchWriteItem, 10-message
 * SendMessageBatch) in a function that may run 15 minutes, so a slow answer is worth waiting for
 * rather than failing the run; a hung connection is still cut well inside one invocation.
 */
export const RECONCILE_CLIENT_TIMEOUTS: AwsClientTimeouts = Object.freeze({ connectionTimeoutMs: 2_000, requestTimeoutMs: 15_000 });

/**
 * Client configuration with the timeouts, e.g. `new DynamoDBClient(awsClientConfig())`. The
 * options object is handed to the SDK's NodeHttpHandler; `throwOnRequestTimeout` makes the
 * request timeout fail the attempt (the handler only logs a warning without it), so the SDK's
 * retry strategy, and then ours, see a retryable TimeoutError.
 */
export function awsClientConfig(timeouts: AwsClientTimeouts = AWS_CLIENT_TIMEOUTS) {
  return {
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
