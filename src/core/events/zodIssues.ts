/**
 * Turns zod issues into one short message that names the field at fault, for PoisonError
 * and ConfigError. Messages never echo input values: events and mappings can hold emails.
 */
import type { z } from 'zod/mini';

/** A field path and what is wrong with it. */
export type FieldProblem = { readonly field: string; readonly message: string };

/** `['detail', 'target', 0, 'id']` → `detail.target[0].id`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    return out === '' ? name : `${out}.${name}`;
  }, '');
}

/** The first issue of a failed parse as a field and a message; `prefix` is prepended to the path. */
export function describeIssues(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): FieldProblem {
  const [issue, ...rest] = error.issues;
  if (issue === undefined) return { field: formatPath(prefix), message: 'is invalid' };
  const more = rest.length > 0 ? ` (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})` : '';
  const { path, message } = describeIssue(issue);
  return { field: formatPath([...prefix, ...path]), message: `${message}${more}` };
}

function describeIssue(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string } {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const [first, ...others] = issue.keys;
      const also = others.length > 0 ? ` (also ${others.join(', ')})` : '';
      return { path: [...issue.path, first ?? ''], message: `is not a known field${also}` };
    }
    case 'invalid_type':
      // `input` is present because every parse here passes `reportInput: true`; it is only tested, never printed.
      if (issue.input === undefined) return { path: issue.path, message: 'is required' };
      return { path: issue.path, message: `expected ${withArticle(issue.expected)}, got ${typeName(issue.input)}` };
    case 'invalid_union':
      return { path: issue.path, message: 'has an unexpected shape' };
    default:
      return { path: issue.path, message: issue.message };
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
