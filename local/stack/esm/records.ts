import type { Message } from '@aws-sdk/client-sqs';
import type { SQSMessageAttributes, SQSRecord } from 'aws-lambda';

/** The system attributes Lambda copies into `record.attributes` (https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). */
const RECORD_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
  'AWSTraceHeader',
] as const;

/** Builds the record Lambda's SQS poller would hand the function for one received message. */
export function toLambdaRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes: Record<string, string> = {};
  for (const key of RECORD_ATTRIBUTES) {
    const value = message.Attributes?.[key];
    if (value !== undefined) attributes[key] = value;
  }
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: attributes as unknown as SQSRecord['attributes'],
    messageAttributes,
    md5OfBody: message.MD5OfBody as string,
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** How one invocation ended, as the execution environment saw it. */
export type InvocationResult =
  | { readonly kind: 'returned'; readonly response: unknown }
  | { readonly kind: 'threw'; readonly error: string }
  | { readonly kind: 'crashed'; readonly error: string }
  | { readonly kind: 'timedOut'; readonly error: string };

/** Which messages of a batch to delete, or why the whole batch failed. */
export type BatchVerdict = { readonly kind: 'partial'; readonly failedMessageIds: ReadonlySet<string> } | { readonly kind: 'batchFailed'; readonly reason: string };

/**
 * Lambda's rules for an SQS batch: a throw, crash or timeout fails the whole batch; with
 * ReportBatchItemFailures, a null/empty response or an empty list is complete success, and an
 * invalid response or an itemIdentifier that is empty, null or not in the batch fails the whole batch.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting
 */
export function interpretBatchResult(records: readonly SQSRecord[], result: InvocationResult, reportBatchItemFailures: boolean): BatchVerdict {
  if (result.kind !== 'returned') return { kind: 'batchFailed', reason: `${result.kind}: ${result.error}` };
  const response = result.response;
  if (!reportBatchItemFailures || response === null || response === undefined) return { kind: 'partial', failedMessageIds: new Set() };
  if (typeof response !== 'object' || Array.isArray(response)) return { kind: 'batchFailed', reason: 'invalid response: not an object' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'partial', failedMessageIds: new Set() };
  if (!Array.isArray(failures)) return { kind: 'batchFailed', reason: 'invalid response: batchItemFailures is not a list' };
  const ids = new Set(records.map((r) => r.messageId));
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !ids.has(id)) {
      return { kind: 'batchFailed', reason: `invalid itemIdentifier ${JSON.stringify(id)}` };
    }
    failed.add(id);
  }
  return { kind: 'partial', failedMessageIds: failed };
}
