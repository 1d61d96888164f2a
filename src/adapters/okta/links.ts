/**
 * Okta pages with `Link: <url>; rel="next"` headers (one per relation; fetch joins them with
 * ", "). https://developer.okta.com/docs/api/#pagination
 */

/** The `rel="next"` URL of a response, resolved against `base`; undefined on the last page. */
export function nextLinkOf(linkHeader: string | null, base: string): URL | undefined {
  if (!linkHeader) return undefined;
  for (const match of linkHeader.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const params = match[2] ?? '';
    if (/;\s*rel\s*=\s*"?next"?(\s|;|$)/i.test(params)) return new URL(match[1] ?? '', base);
  }
  return undefined;
}
