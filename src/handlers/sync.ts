import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** The SQS consumer. Placeholder until the consumer lands: fails every record so nothing is lost. */
export const handler = async (event: SQSEvent, _context: Context): Promise<SQSBatchResponse> => ({
  batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
});
