/** A security group as given in a seed; the model's other required members get fixed values. */
export type WickrSeedSecurityGroup = {
  id: string;
  name: string;
  isDefault?: boolean;
};

/** A user as given in a seed; ids are assigned sequentially when absent. */
export type WickrSeedUser = {
  userId?: string;
  username: string;
  firstName?: string;
  lastName?: string;
  /** At most one id (a Wickr user belongs to one group); the default group when absent. */
  securityGroupIds?: string[];
  suspended?: boolean;
  /** 1 = pending, 2 = active (default). */
  status?: 1 | 2;
  /** A network administrator (ListUsers/GetUser `isAdmin`); default false. */
  isAdmin?: boolean;
  /** The invitation expired before it was accepted (ListUsers `isInviteExpired`); default false. */
  isInviteExpired?: boolean;
};

/** Token bucket across all Admin API requests: `burst` tokens, refilled at `requestsPerSecond`. */
export type WickrRateLimit = {
  requestsPerSecond: number;
  burst: number;
};

/** Fault injection for Admin API requests (never for the control endpoints). */
export type WickrFaults = {
  /** HTTP status (500, 502, 503, 504) → probability per request; the sum must be at most 1. */
  errorRate?: Record<string, number>;
  /** Added latency, uniform in [min, max] milliseconds. */
  latencyMs?: { min: number; max: number };
  /** Probability that the socket is destroyed without a response. */
  resetRate?: number;
};

/** Everything the emulator holds: one network, its groups, users, credentials and limits. */
export type WickrSeed = {
  networkId: string;
  networkName?: string;
  /** The SigV4 credentials requests must be signed with (`sessionToken` makes x-amz-security-token required). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The signing region; `us-east-1` when absent. */
  region?: string;
  securityGroups: WickrSeedSecurityGroup[];
  users: WickrSeedUser[];
  rateLimit?: WickrRateLimit;
  faults?: WickrFaults;
  /** Users the network takes before GetUsersCount's `remaining` reaches 0 (not enforced); default 500. */
  maxUsers?: number;
};

/**
 * Makes BatchCreateUser refuse one username (compared ignoring case): `failedEntry` lists it in `failed`
 * (`{userId, field, reason}`, HTTP 200) while the others are created; `validationError` fails the whole call with 422.
 */
export type CreateUserRefusal = {
  username: string;
  as: 'failedEntry' | 'validationError';
  /** Default `Username is not allowed`. */
  reason?: string;
  /** Default `username`. */
  field?: string;
  /** The failed entry's `userId`: default `"0"` (the model's example); `null` leaves the member out. */
  userId?: string | null;
};

/** A user as the emulator holds it (and as `state()` reports it). */
export type WickrUserState = {
  userId: string;
  username: string;
  firstName: string;
  lastName: string;
  securityGroupIds: string[];
  suspended: boolean;
  status: 1 | 2;
  isAdmin: boolean;
  isInviteExpired: boolean;
  /** Epoch seconds of the last write. */
  modified: number;
};

/** What `GET /__emulator/state` and `state()` return: users plus request counts per operation and status. */
export type WickrEmulatorState = {
  networkId: string;
  users: WickrUserState[];
  /** Operation name → HTTP status (or `reset` for a destroyed socket) → count. */
  requests: Record<string, Record<string, number>>;
};

/** The rate limit and faults in force; `null` turns one off, `undefined` leaves it as it is. */
export type WickrFaultSettings = {
  rateLimit?: WickrRateLimit | null;
  faults?: WickrFaults | null;
};

/** A running emulator. */
export type WickrEmulator = {
  url: string;
  port: number;
  /** Replaces the whole state (users, groups, credentials, limits, request counts); throws `SeedError` when invalid. */
  reset(seed: WickrSeed): void;
  /** Changes the rate limit and faults without touching users; throws `SeedError` when invalid. */
  setFaults(settings: WickrFaultSettings): void;
  /** Replaces the BatchCreateUser refusals (an empty list clears them; `reset` does too); throws `SeedError` when invalid. */
  setCreateUserRefusals(refusals: CreateUserRefusal[]): void;
  state(): WickrEmulatorState;
  /** Closes the server and every open (keep-alive) socket. */
  stop(): Promise<void>;
};

/** Options of `startWickrEmulator`. */
export type WickrEmulatorOptions = {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The default seed (`DEFAULT_SEED`) when absent. */
  seed?: WickrSeed;
  /** Source of randomness for faults and latency; Math.random when absent. */
  random?: () => number;
  /** Clock in epoch milliseconds for signatures, rate limit and `modified`; Date.now when absent. */
  now?: () => number;
  /** One line per request on stdout (method, path without query, status, ms). */
  log?: boolean;
};
