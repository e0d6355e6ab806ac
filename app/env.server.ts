import { z } from "zod";

// .env is optional: every variable has a working development default (see .env.example).
try {
  process.loadEnvFile();
} catch {
  // no .env file
}

const EnvSchema = z.object({
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
  /// Public origin when behind a proxy (https://hocdanvan.example.vn); otherwise the Host header is used.
  APP_ORIGIN: z.url().optional(),
  /// Ed25519 private key (PKCS#8 PEM; "\n" escapes allowed) signing certificates. Unset: generated once
  /// into DATA_DIR/cert-signing-key.pem (mode 0600) and reused.
  CERT_SIGNING_KEY: z.string().optional(),
  /// Issuing organisation printed on certificates and named in Open Badges credentials.
  CERT_ISSUER_NAME: z.string().default("Nền tảng bồi dưỡng Học Dân vận"),
  /// Session lifetime in days; sessions slide forward when used in their second half.
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /// Failed sign-ins allowed per account / per IP within the throttle window.
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
  LOGIN_THROTTLE_MINUTES: z.coerce.number().int().min(1).default(15),
  /// Tests only: seeds every quiz draw (with the quiz and the attempt number), so a browser test sees
  /// the same questions on every run. Unset in production, where draws are random.
  QUIZ_DRAW_SEED: z.coerce.number().int().optional(),
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

/** The public origin for absolute links (QR codes, badges): APP_ORIGIN behind a proxy, else the request's. */
export function publicOrigin(request: Request) {
  return (env.APP_ORIGIN ?? new URL(request.url).origin).replace(/\/$/, "");
}
