/**
 * Local set-up problems of the operator tools, told apart from failures of the stack itself:
 * no region, no or expired credentials, a stack or resource that does not exist where the tool
 * looked. Each comes with the fix; nothing here blames the function for a local setting.
 */

/** Where the tool looked, for the message. */
export type SetupContext = { readonly stage?: string; readonly region?: string; readonly service?: string };

type Shape = { name?: string; code?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };

function nameOf(error: unknown): string {
  const e = (error ?? {}) as Shape;
  return e.name ?? e.code ?? e.Code ?? '';
}

/**
 * The set-up problem `error` shows, as a message with its fix; undefined when it is something
 * else (a real failure of the call or of the function, reported as it is).
 */
export function setupProblem(error: unknown, context: SetupContext = {}): string | undefined {
  const name = nameOf(error);
  const message = (error as Shape | undefined)?.message ?? String(error);
  const where = `${context.service ?? 'wickr-idp-sync'}${context.stage ? ` stage "${context.stage}"` : ''} in ${context.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the default region'}`;
  if (/Region is missing/i.test(message)) {
    return 'local set-up: no AWS region is set. Fix: pass --region <region> (the one the stack is deployed in), or set AWS_REGION, or a region in your AWS profile.';
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'local set-up: no AWS credentials were found. Fix: sign in (aws sso login --profile <p>, then AWS_PROFILE=<p>) or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.';
  }
  if (/^(ExpiredToken|ExpiredTokenException|TokenRefreshRequired)$/.test(name) || /token.*expired|expired.*token/i.test(message)) {
    return 'local set-up: your AWS session has expired. Fix: sign in again (aws sso login, or refresh your session credentials).';
  }
  if (/^(UnrecognizedClientException|InvalidClientTokenId|InvalidSignatureException|SignatureDoesNotMatch)$/.test(name)) {
    return `local set-up: AWS did not accept your credentials (${name}). Fix: check AWS_PROFILE / AWS_ACCESS_KEY_ID, and that they belong to the stack's account.`;
  }
  if (/^(ResourceNotFoundException|QueueDoesNotExist|AWS\.SimpleQueueService\.NonExistentQueue)$/.test(name)) {
    return `local set-up: ${where}: not found (${message}). Fix: check --stage and --region (and --service if serverless.yml's service was renamed); the stack must be deployed there.`;
  }
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) {
    return `local set-up: the AWS endpoint could not be reached (${message}). Fix: check --region (a typo gives an unknown host) and your network.`;
  }
  return undefined;
}
