/**
 * Usernames and emails, compared and sent in one form: Unicode NFC, trimmed. An IdP may hand
 * over "José" decomposed (NFD, `e` + U+0301) where Wickr holds it composed (NFC); compared as
 * code units they differ, so the account would not be found and a second one could be created.
 * https://unicode.org/reports/tr15/
 */

/** The form a username is sent in: NFC, trimmed. */
export function normalizeUsername(value: string): string {
  return value.normalize('NFC').trim();
}

/** The form usernames are compared in: NFC, trimmed, lower case (Wickr usernames ignore case). */
export function usernameKey(value: string): string {
  return normalizeUsername(value).toLowerCase();
}
