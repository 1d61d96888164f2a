/**
 * Masking for logs: emails and names are never logged in full. A masked value keeps its first
 * letter (and an email its domain) and carries a short keyed hash of the whole value, so two
 * different values never print the same (`b***@example.com#4f1a9c` and `b***@example.com#d07e21`),
 * nor a name and its change. The hash is an HMAC-SHA256 under a key that never leaves memory: it
 * cannot be reversed, even by guessing candidate values, without the key.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Hex digits of the keyed hash a masked value carries (24 bits: apart within any one run). */
const TAG_LENGTH = 6;

/** Masks values with one key: the same value gives the same mask under that key. */
export type Masker = {
  /** `jane.doe@example.com` → `j***@example.com#4f1a9c`; anything that is not an email → {@link Masker.name}. */
  readonly email: (value: string | undefined) => string | undefined;
  /** `Jonathan` → `J***#a3e901`; the empty string stays empty. */
  readonly name: (value: string | undefined) => string | undefined;
  /** The change with `username`, `firstName` and `lastName` masked, for audit lines. */
  readonly change: (change: Record<string, unknown> | undefined) => Record<string, unknown> | undefined;
};

/** A masker under `key` (a run's or a deployment's; at least 16 bytes of randomness). */
export function createMasker(key: Uint8Array | string): Masker {
  const tag = (value: string): string => createHmac('sha256', key).update(value).digest('hex').slice(0, TAG_LENGTH);
  const name = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    return value.length === 0 ? '' : `${value[0]}***#${tag(value)}`;
  };
  const email = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const at = value.lastIndexOf('@');
    if (at <= 0) return name(value);
    return `${value[0]}***${value.slice(at)}#${tag(value.toLowerCase())}`;
  };
  const change = (input: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    if (!input) return undefined;
    const masked: Record<string, unknown> = { ...input };
    if (typeof input.username === 'string') masked.username = email(input.username);
    if (typeof input.firstName === 'string') masked.firstName = name(input.firstName);
    if (typeof input.lastName === 'string') masked.lastName = name(input.lastName);
    return masked;
  };
  return { email, name, change };
}

// One key per process (a Lambda execution environment, a local run), made at load and never
// written anywhere: masks compare within that process's lines and nowhere else.
const processMasker = createMasker(randomBytes(32));

/** {@link Masker.email} under this process's key. */
export function maskEmail(value: string | undefined): string | undefined {
  return processMasker.email(value);
}

/** {@link Masker.name} under this process's key. */
export function maskName(value: string | undefined): string | undefined {
  return processMasker.name(value);
}

/** {@link Masker.change} under this process's key, for audit lines. */
export function maskChange(change: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return processMasker.change(change);
}
