/** The Wickr Admin API client (rest-json, SigV4 service `wickr`) and the core's Wickr ports on it. */
export { WickrClient, DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_CALL_TIMEOUT_MS, type WickrClientConfig } from './WickrClient';
export type { CallOptions, AttemptInfo } from './RequestSender';
export { WickrApiError, WickrErrorCode, type WickrApiErrorDetails, type ServerText } from './WickrApiError';
export { resolveWickrEndpoint, type WickrEndpointParams } from './endpoint';
export { createWickrPort, toWickrUser } from './wickrPort';
export { createWickrProvisioningPort } from './provisioningPort';
export { BatchFailureCode, classifyBatchFailure } from './batchFailures';
export { DeadlineRetryStrategy, DeadlineRetryToken, type DeadlineRetryStrategyOptions } from './DeadlineRetryStrategy';
export { sanitizeErrorCode } from './classifyError';
export { createNodeHttpTransport, type WickrTransport, type TransportRequest, type NodeHttpTransportOptions } from './httpTransport';
export type * from './types';
