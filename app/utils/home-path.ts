const BASE = "http://same-site.invalid";

/**
 * Only same-site paths may be redirect targets, so /login?redirectTo= cannot send users away.
 * Browsers drop tabs and newlines from a URL ("/\t/evil.example" becomes "//evil.example") and
 * treat "\\" as "/", and CR/LF in a Location header is an error: any control character, space or
 * backslash refuses the target, and what remains must resolve to this site.
 */
export function safeRedirectPath(target: string | null | undefined, fallback: string) {
  // eslint-disable-next-line no-control-regex
  if (!target || !target.startsWith("/") || /[\u0000-\u0020\u007f\\]/.test(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE || target.startsWith("//")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
