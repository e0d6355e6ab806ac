import { startMailCatcher } from "../../app/mail/catcher.server";

/** Playwright global setup: the SMTP server the built app sends to, for the whole run. */
export default async function startSmtpForE2e() {
  const smtp = await startMailCatcher({ dir: process.env.E2E_MAIL_DIR!, port: Number(process.env.E2E_SMTP_PORT) });
  return () => smtp.close();
}
