/**
 * Field schemas shared by the event parsers, and the one way a supported event becomes poison.
 * Schemas use `zod/mini` (functional checks) rather than classic zod: the same validation core
 * at a twentieth of the bundle and load time (docs/performance.md § Cold start decision).
 */
import * as z from 'zod/mini';
import { PoisonError } from '../errors';
import { describeIssues } from './zodIssues';

/** What Identity Center writes in place of values it hides from CloudTrail. */
export const MASKED = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * RFC 3339 date-time (the profile of ISO 8601 that JSON Schema's `date-time` means): seconds
 * required, fraction optional, `Z` or an offset. The generic event schema repeats this pattern.
 */
export const RFC3339_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$';

/** A loose check that a string is an address (no spaces, one `@`); the IdP owns real validation. */
export const EMAIL_PATTERN = '^[^\\s@]+@[^\\s@]+$';

/** A string with at least one character (later checks are skipped when it is empty). */
export const nonEmptyString = z.string().check(z.minLength(1, { error: 'expected a non-empty string', abort: true }));

/** An identifier taken from an event: non-empty and never the masked placeholder. */
export const idString = nonEmptyString.check(z.refine((value) => value !== MASKED, { error: `is masked (${MASKED})` }));

/**
 * An RFC 3339 date-time, normalised to UTC with milliseconds (`2024-06-11T08:30:05.123Z`) so
 * that timestamps from any source order correctly as strings (offsets and varying fraction
 * digits do not). Finer fractions are truncated to the millisecond.
 */
export const timestamp = z.pipe(
  z.string().check(
    z.regex(new RegExp(RFC3339_PATTERN), { error: 'expected an RFC 3339 date-time', abort: true }),
    // `Date` rolls 2026-02-31 over to March 3; a date that does not exist is an error instead.
    z.refine(isCalendarDate, { error: 'is not a real calendar date', abort: true }),
    z.refine((value) => Date.parse(value) >= EARLIEST_OCCURRED_AT, { error: 'is before 2000-01-01' }),
  ),
  z.transform((value: string) => new Date(value).toISOString()),
);

/** No IdP event we handle is older than this; an earlier time is a broken clock or a forged event. */
const EARLIEST_OCCURRED_AT = Date.UTC(2000, 0, 1);

/** True when the `YYYY-MM-DD` part names a day that exists (leap years included). */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses `value` or throws `PoisonError('MalformedEvent')` naming the first bad field under `prefix`. */
export function parseField<T extends z.ZodMiniType>(schema: T, value: unknown, prefix: readonly PropertyKey[]): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  // No `cause`: with reportInput the zod error holds the input, which may carry emails and names.
  const { field, message } = describeIssues(result.error, prefix);
  throw new PoisonError('MalformedEvent', `${field}: ${message}`, { field });
}

/** The poison for a field the schema accepted but the event still cannot be used with. */
export function malformed(field: string, message: string): PoisonError {
  return new PoisonError('MalformedEvent', `${field}: ${message}`, { field });
}
