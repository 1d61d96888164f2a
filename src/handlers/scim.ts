import { createScimHandler } from './scim/createScimHandler';

/**
 * The SCIM 2.0 endpoint behind the stack's HTTP API (`/scim/v2/...`), and the drain of its outbox
 * on a schedule. Built at module load, so a bad configuration fails the cold start with a message
 * naming the variable.
 */
export const handler = createScimHandler();
