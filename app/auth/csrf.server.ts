/**
 * Decides whether a request is a cross-origin write. Browsers send Origin on every POST and
 * Sec-Fetch-Site on every request; a write that either marks as coming from another site is
 * refused. Requests with neither (curl, server-to-server) carry no ambient browser cookies.
 */
export function isForeignWrite(options: {
  method: string;
  origin?: string | null;
  secFetchSite?: string | null;
  host?: string | null;
  /** The scheme this request reached us by ("http" or "https", after the trusted proxies). */
  protocol: string;
  appOrigin?: string;
}) {
  if (["GET", "HEAD", "OPTIONS"].includes(options.method.toUpperCase())) return false;
  if (options.origin) {
    if (options.origin === "null") return true;
    let origin: string;
    try {
      origin = new URL(options.origin).origin;
    } catch {
      return true;
    }
    // Scheme and host both: http://host is another origin than https://host (a downgraded page).
    const allowed = new Set<string>();
    if (options.host) allowed.add(`${options.protocol}://${options.host}`);
    if (options.appOrigin) allowed.add(new URL(options.appOrigin).origin);
    return !allowed.has(origin);
  }
  if (options.secFetchSite) return !["same-origin", "none"].includes(options.secFetchSite);
  return false;
}
