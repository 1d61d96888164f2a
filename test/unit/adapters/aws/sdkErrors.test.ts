import { fromAwsError } from '../../../../src/adapters/aws/sdkErrors';
import { classifyFailure } from '../../../../src/core/sync/classify';

/** An SDK error as smithy builds it: a service name, an HTTP status and the service's message. */
function sdkError(name: string, httpStatusCode: number | undefined, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode, requestId: 'req-1' } });
}

const ECHO = "The request signature we calculated does not match. The Canonical String for this request should have been 'GET /users?username=jane.doe%40example.com'";

describe(fromAwsError.name, () => {
  it.each([
    ['InvalidSignatureException', 403, 'AUTH'],
    ['ThrottlingException', 400, 'THROTTLING'],
    ['ValidationException', 400, 'INVALID'],
    ['InternalServerError', 500, 'TRANSIENT'],
  ] as const)('keeps the server message text of a %s out of the error it raises', (name, status, kind) => {
    const error = fromAwsError(sdkError(name, status, ECHO), 'store', 'DynamoDB GetItem');
    expect(error.kind).toBe(kind);
    expect(error.message).toBe(`DynamoDB GetItem: ${name} (HTTP ${status})`);
    expect(error.message).not.toContain('example.com');
  });

  it('keeps the original error as cause, for debugging, not for logs', () => {
    const original = sdkError('InvalidSignatureException', 403, ECHO);
    expect(fromAwsError(original, 'queue', 'SQS SendMessage').cause).toBe(original);
  });
});

describe(classifyFailure.name, () => {
  it('builds the reason of an AWS failure from the code, never the server text', () => {
    const disposition = classifyFailure(fromAwsError(sdkError('InvalidSignatureException', 403, ECHO), 'config', 'SSM GetParameter'));
    expect(disposition).toEqual({ action: 'retry', errorClass: 'InvalidSignatureException', reason: 'config AUTH: InvalidSignatureException (HTTP 403)' });
  });

  it('builds the reason of an unexpected error from its name only', () => {
    const disposition = classifyFailure(new TypeError(`cannot read jane.doe@example.com`));
    expect(disposition.reason).toBe('unexpected TypeError');
  });
});
