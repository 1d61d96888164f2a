/**
 * The uniqueness key of a `userName` or group `displayName`: the same for names that differ only
 * in Unicode composition, surrounding spaces or case. Upper- then lower-casing approximates full
 * case folding (`ß` → `SS` → `ss`) with what JavaScript offers. The key is hashed so that it has a
 * bounded length (DynamoDB keys) and the name itself is not a key.
 */
import { createHash } from 'node:crypto';

/** The name as compared: NFC, trimmed, case-folded. */
export function comparableName(name: string): string {
  return name.normalize('NFC').trim().toUpperCase().toLowerCase().normalize('NFC');
}

/** The uniqueness key (SHA-256 hex of {@link comparableName}). */
export function nameKey(name: string): string {
  return createHash('sha256').update(comparableName(name), 'utf8').digest('hex');
}
