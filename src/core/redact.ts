/** Masking for logs: emails and names are never logged in full. */

/** `jane.doe@example.com` → `j***@example.com`; anything else → {@link maskName}. */
export function maskEmail(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const at = value.lastIndexOf('@');
  if (at <= 0) return maskName(value);
  return `${value[0]}***${value.slice(at)}`;
}

/** `Jonathan` → `J***`. */
export function maskName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return value.length === 0 ? '' : `${value[0]}***`;
}

/** The change with personal fields masked, for audit lines. */
export function maskChange(change: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!change) return undefined;
  const masked: Record<string, unknown> = { ...change };
  if (typeof change.username === 'string') masked.username = maskEmail(change.username);
  if (typeof change.firstName === 'string') masked.firstName = maskName(change.firstName);
  if (typeof change.lastName === 'string') masked.lastName = maskName(change.lastName);
  return masked;
}
