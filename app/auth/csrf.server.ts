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
  appOrigin?: string;
}) {
  if (["GET", "HEAD", "OPTIONS"].includes(options.method.toUpperCase())) return false;
  if (options.origin) {
    if (options.origin === "null") return true;
    let originHost: string;
    try {
      originHost = new URL(options.origin).host;
    } catch {
      return true;
    }
    const allowed = new Set<string>();
    if (options.host) allowed.add(options.host);
    if (options.appOrigin) allowed.add(new URL(options.appOrigin).host);
    return !allowed.has(originHost);
  }
  if (options.secFetchSite) return !["same-origin", "none"].includes(options.secFetchSite);
  return false;
}
