import type { EmulatorResponse } from '../errors';
import type { PageTokens } from '../paging';
import type { Query } from '../params';
import type { NetworkStore } from '../store';
import type { CreateUserRefusal } from '../types';
import type { ClientTokens } from './clientTokens';

/** Everything an operation may read or change for one request (already authenticated). */
export type OperationContext = {
  store: NetworkStore;
  pageTokens: PageTokens;
  clientTokens: ClientTokens;
  /** BatchCreateUser refusals set by a test, by lower-case username. */
  createUserRefusals: ReadonlyMap<string, CreateUserRefusal>;
  /** Path labels, percent-decoded. */
  params: Record<string, string>;
  query: Query;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The emulator's clock in epoch seconds, for `modified`. */
  nowSeconds: number;
};

/** An operation: synchronous, so a request's reads and writes never interleave with another's. */
export type Operation = (ctx: OperationContext) => EmulatorResponse;

/** A 200 with a JSON body. */
export function ok(body: unknown): EmulatorResponse {
  return { status: 200, body };
}
