/**
 * The slice of Okta's `filter`/`search` expression language the emulator understands: one or
 * more `<attribute> eq "<value>"` clauses joined by `or`. Anything else is answered, like Okta,
 * with 400 E0000031 "Invalid search criteria."
 * https://developer.okta.com/docs/api/#filter
 */

/** A parsed expression: true when any clause matches. */
export type Predicate<T> = (item: T) => boolean;

/** Thrown for an expression outside the supported slice; the app answers 400 E0000031. */
export class UnsupportedExpressionError extends Error {
  public override readonly name = 'UnsupportedExpressionError';
}

const CLAUSE = /^\s*([A-Za-z][\w.]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/** Parses `expression` against the attributes `read` knows; unknown attributes are unsupported. */
export function parseExpression<T>(expression: string, read: (item: T, attribute: string) => string | undefined, attributes: readonly string[]): Predicate<T> {
  const clauses = expression.split(/\s+or\s+/i).map((text) => {
    const match = CLAUSE.exec(text);
    const attribute = match?.[1];
    if (!match || attribute === undefined || !attributes.includes(attribute)) throw new UnsupportedExpressionError(expression);
    return { attribute, value: (match[2] ?? '').replace(/\\(.)/g, '$1') };
  });
  return (item) => clauses.some((c) => read(item, c.attribute) === c.value);
}
