import { z } from "zod";

// .env is optional: every variable has a working development default (see .env.example).
try {
  process.loadEnvFile();
} catch {
  // no .env file
}

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /// Interface to listen on; empty means all interfaces.
    HOST: z.string().optional(),
    /// Number of reverse proxies in front of the server (0: none). The client IP (sign-in throttling) is the
    /// address that many hops back in X-Forwarded-For, so a client cannot choose it by sending the header
    /// itself. "false" means 0; "true" means 1 (one proxy), never "trust everything".
    TRUST_PROXY: z
      .string()
      .default("0")
      .transform((v) => (v === "false" ? "0" : v === "true" ? "1" : v))
      .pipe(z.string().regex(/^\d+$/, "TRUST_PROXY phải là số proxy đứng trước máy chủ (0, 1, 2…)"))
      .transform(Number),
    DATABASE_URL: z
      .string()
      .startsWith("file:", "DATABASE_URL phải có dạng file:<đường dẫn tới tệp SQLite>")
      .default("file:./prisma/data/hocdanvan.db"),
    /// How long a write waits for another process's write lock (ms) before the request gets a 503 page.
    DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
    /// Where generated files that must survive restarts live (signing keys, uploads).
    DATA_DIR: z.string().default("./prisma/data"),
    /// Largest video or audio upload in the studio, in bytes (images: 5 MB, captions: 1 MB, fixed).
    MEDIA_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024 * 1024)
      .default(200 * 1024 * 1024),
    /// The site's public origin (https://hocdanvan.example.vn): printed in certificates (verify URL, QR code),
    /// named as the Open Badges issuer, accepted by the cross-site write guard. Required in production;
    /// in development and tests http://localhost:PORT. Never taken from a request's Host header.
    APP_ORIGIN: z.preprocess(
      (v) => (v === "" ? undefined : v),
      z
        .url({ protocol: /^https?$/ })
        .refine((v) => URL.canParse(v) && new URL(v).origin === v.replace(/\/$/, ""), {
          message: "APP_ORIGIN chỉ gồm giao thức, tên miền và cổng (không có đường dẫn)",
          abort: true,
        })
        .transform((v) => v.replace(/\/$/, ""))
        .optional(),
    ),
    /// Ed25519 private key (PKCS#8 PEM; "\n" escapes allowed) signing certificates. Unset: generated once
    /// into DATA_DIR/cert-signing-key.pem (mode 0600) and reused.
    CERT_SIGNING_KEY: z.string().optional(),
    /// "1" (or "true") lets the server generate a new signing key although certificates exist: they will
    /// no longer verify. Without it, a missing key file stops the start (restore it from a backup).
    CERT_SIGNING_KEY_SETUP: z.stringbool().default(false),
    /// Issuing organisation printed on certificates and named in Open Badges credentials.
    CERT_ISSUER_NAME: z.string().default("Nền tảng bồi dưỡng Học Dân vận"),
    /// Session lifetime in days; sessions slide forward when used in their second half.
    SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /// Failed sign-ins allowed per account / per IP within the throttle window.
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
    LOGIN_THROTTLE_MINUTES: z.coerce.number().int().min(1).default(15),
    /// Outgoing e-mail (nodemailer). Without SMTP_HOST, development and tests deliver to the mail catcher the
    /// server starts itself (MAIL_CATCHER_PORT, mails readable at /dev/mail); production keeps mails queued
    /// in the outbox, with a warning, until SMTP is configured.
    SMTP_HOST: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
    /// true: TLS from the first byte (port 465); false: STARTTLS when the server offers it.
    SMTP_SECURE: z.stringbool().default(false),
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    /// The From header of every mail.
    MAIL_FROM: z.string().default("Học Dân vận <no-reply@hocdanvan.local>"),
    /// The built-in mail catcher's port on 127.0.0.1 (0 turns it off). It runs when SMTP_HOST is unset, in
    /// development, or in production with MAIL_CATCHER=1 (npm start sets it: a demo's mails are visible at
    /// /dev/mail, from the machine itself only).
    MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
    MAIL_CATCHER: z.stringbool().optional(),
    /// Days before a due date on which reminders go out (comma-separated), e.g. "7,1".
    REMINDER_DAYS: z
      .string()
      .default("7,1")
      .pipe(z.string().regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "REMINDER_DAYS là các số ngày, cách nhau bởi dấu phẩy (7,1)"))
      .transform((v) => [...new Set(v.split(",").map((d) => Number(d.trim())))].sort((a, b) => b - a)),
    /// "1": the server itself runs the reminder job every JOBS_INTERVAL_MINUTES (instead of, or besides, cron
    /// running npm run jobs:reminders; overlapping runs send nothing twice).
    JOBS_SCHEDULER: z.stringbool().default(false),
    JOBS_INTERVAL_MINUTES: z.coerce.number().int().min(1).default(60),
    /// Tests only: seeds every quiz draw (with the quiz and the attempt number), so a browser test sees
    /// the same questions on every run. Unset in production, where draws are random.
    QUIZ_DRAW_SEED: z.coerce.number().int().optional(),
  })
  .refine((e) => e.NODE_ENV !== "production" || e.APP_ORIGIN, {
    path: ["APP_ORIGIN"],
    message:
      "bắt buộc khi NODE_ENV=production: địa chỉ công khai của trang (ví dụ https://hocdanvan.example.vn), dùng trong chứng nhận và huy hiệu",
  });

export type Env = z.infer<typeof EnvSchema>;

function parseEnv(): Env {
  const result = EnvSchema.safeParse(process.env);
  if (!result.success) {
    // Fail at start-up with every problem listed, rather than at the first request.
    console.error("Invalid environment variables:\n" + z.prettifyError(result.error));
    throw new Error("Invalid environment variables");
  }
  return result.data;
}

export const env = parseEnv();

/**
 * The public origin for absolute links that leave the site (certificate verify URLs and QR codes,
 * the Open Badges issuer): configuration only, never a request's Host header, which whoever sends
 * the request chooses. APP_ORIGIN is required in production; in development and tests the
 * server's own http://localhost:PORT.
 */
export const PUBLIC_ORIGIN = env.APP_ORIGIN ?? `http://localhost:${env.PORT}`;
