/** Paging (`startIndex`, `count`) and the ListResponse, RFC 7644 § 3.4.2.4. */
import { SCIM_LIMITS, ScimSchema } from './constants';
import { ScimType, badRequest } from './errors';

/** The 1-based index of the first result and the page size asked for. */
export type PageRequest = { readonly startIndex: number; readonly count: number };

function integer(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw badRequest(ScimType.invalidValue, `${name} must be an integer`);
  return n;
}

/**
 * The page asked for. As the RFC says, a `startIndex` below 1 is 1 and a negative `count` is 0;
 * a `count` above {@link SCIM_LIMITS.maxPageSize} is lowered to it (the answer's `itemsPerPage`
 * shows it); a `count` that is not an integer is 400 `invalidValue`.
 */
export function pageRequest(query: Readonly<Record<string, string | undefined>>): PageRequest {
  const startIndex = Math.max(1, integer('startIndex', query.startIndex) ?? 1);
  const count = Math.min(SCIM_LIMITS.maxPageSize, Math.max(0, integer('count', query.count) ?? SCIM_LIMITS.maxPageSize));
  return { startIndex, count };
}

/** One page of `all` (already in a stable order) as a ListResponse; `totalResults` counts every match. */
export function listResponse<T>(all: readonly T[], page: PageRequest, render: (item: T) => unknown): Record<string, unknown> {
  const slice = all.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
  return { schemas: [ScimSchema.listResponse], totalResults: all.length, startIndex: page.startIndex, itemsPerPage: slice.length, Resources: slice.map(render) };
}

/** The top-level attribute names (lower case) of `excludedAttributes`. */
export function excludedAttributes(query: Readonly<Record<string, string | undefined>>): Set<string> {
  const text = query.excludedAttributes ?? query.excludedattributes;
  return new Set(
    (text ?? '')
      .split(',')
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean),
  );
}
