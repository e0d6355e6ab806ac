import { env } from "~/env.server";

/** The public origin for absolute links (QR codes, badges): APP_ORIGIN behind a proxy, else the request's. */
export function publicOrigin(request: Request) {
  return (env.APP_ORIGIN ?? new URL(request.url).origin).replace(/\/$/, "");
}
