import { randomUUID } from 'node:crypto';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { DefaultRateLimiter, type RateLimiter } from '@smithy/util-retry';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types';
import { ConfigError, FailureKind, PoisonError } from '../../core/errors';
import type { Sleep } from '../../core/ports';
import { DeadlineRetryStrategy } from './DeadlineRetryStrategy';
import { resolveWickrEndpoint } from './endpoint';
import { createNodeHttpTransport, type WickrTransport } from './httpTransport';
import * as ops from './operations';
import { RequestSender, type AttemptInfo, type CallOptions } from './RequestSender';
import type * as T from './types';
import { WickrApiError, WickrErrorCode } from './WickrApiError';

/** Configuration of {@link WickrClient}; only `region` is required. */
export type WickrClientConfig = {
  /** Signing region and endpoint region. */
  region: string;
  /** Custom endpoint (e.g. the local emulator); cannot be combined with FIPS or dual-stack. */
  endpoint?: string;
  useFips?: boolean;
  useDualStack?: boolean;
  /** Default: the AWS SDK's default credential chain (`defaultProvider()`), resolved on first use. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Timeout of one attempt. Default 5000 ms. */
  attemptTimeoutMs?: number;
  /** Deadline of a call that passes none (ms from its start). Default 30000 ms. */
  callTimeoutMs?: number;
  /** Any smithy RetryStrategyV2; default {@link DeadlineRetryStrategy} with `maxAttempts`. */
  retryStrategy?: RetryStrategyV2;
  /** Attempts for transient errors under the default strategy. Default 3. Ignored with `retryStrategy`. */
  maxAttempts?: number;
  /**
   * Client-side pacing of every attempt. Default with the default strategy: smithy's
   * `DefaultRateLimiter` (the CUBIC limiter of the SDK's adaptive mode), which slows this client
   * down after a 429 and speeds it up again, so a throttled backlog stops paying for rejected
   * calls; `null` turns it off. Default with a given `retryStrategy`: none (smithy's adaptive
   * strategy brings its own).
   */
  rateLimiter?: RateLimiter | null;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  /** Called after every attempt, for metrics (WickrRetries, WickrThrottles, WickrLatency). */
  onAttempt?: (info: AttemptInfo) => void;
  /** Default: keep-alive node:http/https agents owned by this client. */
  transport?: WickrTransport;
};

/** Default per-attempt timeout. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5_000;
/** Default deadline of a call without one. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;
/** ListUsers page size used when walking all pages (the documented maximum). */
const PAGE_SIZE = 100;

/** GetUsersCountResponse's required members. */
const COUNT_MEMBERS = ['pending', 'active', 'rejected', 'remaining', 'total'] as const;

const defaultSleep: Sleep = (ms, signal) => sleepFor(ms, undefined, { signal });

/** A client for the Wickr Admin API operations wickr-idp-sync needs. Throws {@link WickrApiError}. */
export class WickrClient {
  private readonly sender: RequestSender;
  private readonly transport: WickrTransport;

  public constructor(config: WickrClientConfig) {
    const now = config.now ?? Date.now;
    let baseUrl: URL;
    try {
      baseUrl = new URL(resolveWickrEndpoint(config));
    } catch (error) {
      throw new ConfigError('wickr.endpoint', error instanceof Error ? error.message : String(error));
    }
    const credentials = config.credentials ?? lazyDefaultCredentials();
    this.transport = config.transport ?? createNodeHttpTransport();
    this.sender = new RequestSender({
      baseUrl,
      signer: new SignatureV4({ service: 'wickr', region: config.region, credentials, sha256: Sha256, applyChecksum: false }),
      transport: this.transport,
      retryStrategy: config.retryStrategy ?? new DeadlineRetryStrategy({ maxAttempts: config.maxAttempts, random: config.random, now }),
      attemptTimeoutMs: config.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
      callTimeoutMs: config.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
      sleep: config.sleep ?? defaultSleep,
      now,
      onAttempt: config.onAttempt,
      rateLimiter: (config.rateLimiter === undefined ? (config.retryStrategy ? undefined : new DefaultRateLimiter()) : config.rateLimiter) ?? undefined,
    });
  }

  /** UpdateUser: `PATCH /networks/{networkId}/users`. */
  public async updateUser(input: T.UpdateUserInput, options?: CallOptions): Promise<T.UpdateUserOutput> {
    return this.sender.send(ops.serializeUpdateUser(input), options);
  }

  /** GetUser: `GET /networks/{networkId}/users/{userId}`. */
  public async getUser(input: T.GetUserInput, options?: CallOptions): Promise<T.GetUserOutput> {
    return this.sender.send(ops.serializeGetUser(input), options);
  }

  /** ListUsers, one page. */
  public async listUsers(input: T.ListUsersInput, options?: CallOptions): Promise<T.ListUsersOutput> {
    return this.sender.send(ops.serializeListUsers(input), options);
  }

  /** ListUsers, every page (following `nextToken`); the deadline covers all pages. */
  public async listAllUsers(input: Omit<T.ListUsersInput, 'nextToken'>, options?: CallOptions): Promise<T.WickrListedUser[]> {
    const users: T.WickrListedUser[] = [];
    await walkPages('ListUsers', async (nextToken) => {
      const page = await this.listUsers({ maxResults: PAGE_SIZE, ...input, nextToken }, options);
      users.push(...(page.users ?? []));
      return page.nextToken;
    });
    return users;
  }

  /**
   * The user whose username equals `username` case-insensitively, or null. The ListUsers filter's
   * matching rule is not specified (substring, prefix, case), so the exact match is ours.
   * Throws PoisonError('AmbiguousUser') when several users match.
   */
  public async findUserByUsername(networkId: string, username: string, options?: CallOptions): Promise<T.WickrListedUser | null> {
    const wanted = username.toLowerCase();
    const listed = await this.listAllUsers({ networkId, username }, options);
    const byId = new Map<string, T.WickrListedUser>();
    // Keyed by userId: a user seen on two pages (the list changed while paging) counts once.
    for (const user of listed) if (user.userId && user.username?.toLowerCase() === wanted) byId.set(user.userId, user);
    if (byId.size > 1) {
      throw new PoisonError('AmbiguousUser', `${byId.size} Wickr users have this username (case-insensitive): ${[...byId.keys()].join(', ')}`, {
        field: 'username',
      });
    }
    return byId.values().next().value ?? null;
  }

  /** ListSecurityGroups, every page. */
  public async listSecurityGroups(input: T.ListSecurityGroupsInput, options?: CallOptions): Promise<T.SecurityGroup[]> {
    const groups: T.SecurityGroup[] = [];
    await walkPages('ListSecurityGroups', async (nextToken) => {
      const page = await this.sender.send<{ securityGroups?: T.SecurityGroup[]; nextToken?: string }>(ops.serializeListSecurityGroups({ maxResults: PAGE_SIZE, ...input, nextToken }), options);
      groups.push(...(page.securityGroups ?? []));
      return page.nextToken;
    });
    return groups;
  }

  /** BatchToggleUserSuspendStatus; the client token (given or generated) is the same on every retry of this call. */
  public async batchToggleUserSuspendStatus(input: T.BatchToggleUserSuspendStatusInput, options?: CallOptions): Promise<T.BatchToggleUserSuspendStatusOutput> {
    const clientToken = input.clientToken ?? randomUUID();
    return this.sender.send(ops.serializeBatchToggleUserSuspendStatus({ ...input, clientToken }), options);
  }

  /**
   * BatchCreateUser: `POST /networks/{networkId}/users`. The client token (given or generated) is the same on every
   * retry of this call, so a retried request that had reached Wickr creates nobody twice. The output's `successful`
   * users carry their invite codes (secrets): callers must not log or keep them.
   */
  public async batchCreateUser(input: T.BatchCreateUserInput, options?: CallOptions): Promise<T.BatchCreateUserOutput> {
    const clientToken = input.clientToken ?? randomUUID();
    return this.sender.send(ops.serializeBatchCreateUser({ ...input, clientToken }), options);
  }

  /** BatchReinviteUser: `PATCH /networks/{networkId}/users/re-invite`; the client token is kept across retries. */
  public async batchReinviteUser(input: T.BatchReinviteUserInput, options?: CallOptions): Promise<T.BatchReinviteUserOutput> {
    const clientToken = input.clientToken ?? randomUUID();
    return this.sender.send(ops.serializeBatchReinviteUser({ ...input, clientToken }), options);
  }

  /**
   * BatchDeleteUser: `POST /networks/{networkId}/users/batch-delete`. Deletion is permanent; the client token (given
   * or generated) is the same on every retry of this call, so a replay answers the first response.
   */
  public async batchDeleteUser(input: T.BatchDeleteUserInput, options?: CallOptions): Promise<T.BatchDeleteUserOutput> {
    const clientToken = input.clientToken ?? randomUUID();
    return this.sender.send(ops.serializeBatchDeleteUser({ ...input, clientToken }), options);
  }

  /** GetUsersCount: `GET /networks/{networkId}/users/count`; an answer missing a required count is a SerializationError. */
  public async getUsersCount(input: T.GetUsersCountInput, options?: CallOptions): Promise<T.GetUsersCountOutput> {
    const output = await this.sender.send<Partial<Record<keyof T.GetUsersCountOutput, unknown>>>(ops.serializeGetUsersCount(input), options);
    const missing = COUNT_MEMBERS.filter((member) => typeof output[member] !== 'number');
    if (missing.length) {
      throw new WickrApiError(`GetUsersCount: the answer lacks the required count(s) ${missing.join(', ')}`, {
        kind: FailureKind.Transient,
        code: WickrErrorCode.Serialization,
        operation: 'GetUsersCount',
        statusCode: 200,
      });
    }
    return output as T.GetUsersCountOutput;
  }

  /** GetNetwork: `GET /networks/{networkId}`. */
  public async getNetwork(input: T.GetNetworkInput, options?: CallOptions): Promise<T.GetNetworkOutput> {
    return this.sender.send(ops.serializeGetNetwork(input), options);
  }

  /** Closes the keep-alive connections. */
  public destroy(): void {
    this.transport.destroy();
  }
}

/** Calls `fetchPage` until it returns no token; a token seen twice would loop forever, so it ends the walk. */
async function walkPages(operation: string, fetchPage: (nextToken: string | undefined) => Promise<string | undefined>): Promise<void> {
  const seen = new Set<string>();
  let nextToken: string | undefined;
  do {
    nextToken = (await fetchPage(nextToken)) || undefined;
    if (nextToken !== undefined && seen.has(nextToken)) {
      throw new WickrApiError(`${operation}: the same nextToken came back twice`, {
        kind: FailureKind.Transient,
        code: WickrErrorCode.Pagination,
        operation,
      });
    }
    if (nextToken !== undefined) seen.add(nextToken);
  } while (nextToken !== undefined);
}

/** The SDK's credential chain, created on first use so constructing a client reads no environment. */
function lazyDefaultCredentials(): AwsCredentialIdentityProvider {
  let provider: AwsCredentialIdentityProvider | undefined;
  return (props) => {
    provider ??= defaultProvider();
    return provider(props);
  };
}
