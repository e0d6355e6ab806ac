/** Only same-site paths may be redirect targets, so /login?redirectTo= cannot send users away. */
export function safeRedirectPath(target: string | null | undefined, fallback: string) {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  return target;
}
