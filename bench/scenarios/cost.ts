/**
 * Measurement 7: the AWS cost per million IdP events, on paper, from counts measured in the same
 * run. List prices of us-east-1 as published on the AWS pricing pages named below (as known on
 * the date in PRICES_AS_OF; this machine cannot reach aws.amazon.com to re-check them).
 */
import { round } from '../lib/stats';

/** When the prices below were taken from the pricing pages. */
export const PRICES_AS_OF = '2026-11-28';

/** us-east-1 list prices (USD), each with the page it comes from. */
export const PRICES = {
  lambdaRequestPerMillion: { usd: 0.2, source: 'https://aws.amazon.com/lambda/pricing/ (requests)' },
  lambdaArmGbSecond: { usd: 0.0000133334, source: 'https://aws.amazon.com/lambda/pricing/ (duration, Arm, first 7.5 billion GB-s/month)' },
  sqsStandardRequestPerMillion: { usd: 0.4, source: 'https://aws.amazon.com/sqs/pricing/ (standard queue, after the first 1 million requests/month; per 64 KB chunk)' },
  dynamodbWriteUnitPerMillion: { usd: 0.625, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (write request unit, ≤ 1 KB, Standard table class)' },
  dynamodbReadUnitPerMillion: { usd: 0.125, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ (read request unit: one strongly consistent read ≤ 4 KB)' },
  eventBridgeEventPerMillion: {
    usd: 1.0,
    source: 'https://aws.amazon.com/eventbridge/pricing/ (custom and partner events; AWS management events, e.g. Identity Center via CloudTrail, are free)',
  },
  cloudWatchLogsIngestionPerGb: { usd: 0.5, source: 'https://aws.amazon.com/cloudwatch/pricing/ (logs ingestion, Standard class)' },
} as const;

/** The measured inputs. */
export type CostInputs = {
  /** The deployed function's memory (serverless.yml provider.memorySize). */
  readonly memoryMb: number;
  readonly recordsPerInvocation: number;
  /** Billed duration per event (sum of invocation durations ÷ events). */
  readonly billedMsPerEvent: number;
  /** ReceiveMessage + DeleteMessageBatch of the event source mapping per event. */
  readonly esmSqsRequestsPerEvent: number;
  /** The consumer's own SQS calls (visibility changes, dead letters) per event. */
  readonly consumerSqsRequestsPerEvent: number;
  readonly dynamodbReadsPerEvent: number;
  readonly dynamodbWritesPerEvent: number;
  readonly logBytesPerEvent: number;
};

/** One line of the estimate. */
export type CostLine = { readonly item: string; readonly quantityPerMillionEvents: number; readonly unit: string; readonly usd: number };

/** The estimate per million IdP events. */
export type CostEstimate = { readonly inputs: CostInputs; readonly lines: readonly CostLine[]; readonly totalUsd: number; readonly pricesAsOf: string; readonly prices: typeof PRICES };

/** Prices the measured counts for one million events. */
export function estimateCost(inputs: CostInputs): CostEstimate {
  const M = 1_000_000;
  const invocations = M / inputs.recordsPerInvocation;
  const gbSeconds = (M * inputs.billedMsPerEvent * inputs.memoryMb) / 1000 / 1024;
  // EventBridge delivers each event to the queue with one SendMessage, billed to the queue.
  const sqsRequests = M * (1 + inputs.esmSqsRequestsPerEvent + inputs.consumerSqsRequestsPerEvent);
  const logGb = (M * inputs.logBytesPerEvent) / 1e9;
  const lines: CostLine[] = [
    { item: 'EventBridge events ingested (Okta partner / generic custom events)', quantityPerMillionEvents: M, unit: 'events', usd: PRICES.eventBridgeEventPerMillion.usd },
    {
      item: 'SQS requests (EventBridge delivery, Lambda receives and deletes, visibility changes)',
      quantityPerMillionEvents: sqsRequests,
      unit: 'requests',
      usd: (sqsRequests / M) * PRICES.sqsStandardRequestPerMillion.usd,
    },
    { item: 'Lambda invocations', quantityPerMillionEvents: invocations, unit: 'requests', usd: (invocations / M) * PRICES.lambdaRequestPerMillion.usd },
    { item: `Lambda duration (${inputs.memoryMb} MB, Arm)`, quantityPerMillionEvents: gbSeconds, unit: 'GB-s', usd: gbSeconds * PRICES.lambdaArmGbSecond.usd },
    {
      item: 'DynamoDB writes (idempotency, leases, links)',
      quantityPerMillionEvents: M * inputs.dynamodbWritesPerEvent,
      unit: 'WRU',
      usd: inputs.dynamodbWritesPerEvent * PRICES.dynamodbWriteUnitPerMillion.usd,
    },
    { item: 'DynamoDB strongly consistent reads', quantityPerMillionEvents: M * inputs.dynamodbReadsPerEvent, unit: 'RRU', usd: inputs.dynamodbReadsPerEvent * PRICES.dynamodbReadUnitPerMillion.usd },
    { item: 'CloudWatch Logs ingestion (one outcome line per record, EMF metrics)', quantityPerMillionEvents: logGb, unit: 'GB', usd: logGb * PRICES.cloudWatchLogsIngestionPerGb.usd },
  ].map((l) => ({ ...l, quantityPerMillionEvents: round(l.quantityPerMillionEvents, l.quantityPerMillionEvents < 1000 ? 3 : 0), usd: round(l.usd, 3) }));
  return {
    inputs,
    lines,
    totalUsd: round(
      lines.reduce((a, l) => a + l.usd, 0),
      2,
    ),
    pricesAsOf: PRICES_AS_OF,
    prices: PRICES,
  };
}
