import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

import { blankSessionCookie, invalidateSession } from "~/auth/session.server";

export async function action({ context }: ActionFunctionArgs) {
  if (context.auth) await invalidateSession(context.auth.sessionId);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

// Signing out changes state, so it is a POST; a GET (an old link) just goes home.
export async function loader() {
  return redirect("/");
}
