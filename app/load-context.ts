import type { AuthUser } from "~/auth/session.server";

/** What the server entry hands every loader and action (see app/server.ts). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    auth: { user: AuthUser; sessionId: string } | null;
    /** Client address used for sign-in throttling. */
    clientIp: string;
    /** Per-request nonce for the Content-Security-Policy's inline scripts. */
    cspNonce: string;
  }
}

export {};

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
