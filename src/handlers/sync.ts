import { createSyncHandler } from './sync/createSyncHandler';

/**
 * The Lambda behind the SQS queue. Built at module load, so a bad configuration fails the
 * cold start with a message naming the variable.
 */
export const handler = createSyncHandler();
