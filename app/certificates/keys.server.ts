import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { prisma } from "~/db.server";
import { env } from "~/env.server";

/**
 * The Ed25519 key that signs certificates: CERT_SIGNING_KEY if set, otherwise the key file
 * DATA_DIR/cert-signing-key.pem (mode 0600). The file is generated only in a first-time setup
 * (`ensureSigningKey` at start-up): a key that silently replaced a lost one would make every
 * certificate issued before it fail verification.
 */

export type SigningKey = {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  publicPem: string;
  keyId: string;
};

/** Where a key comes from: a PEM given in configuration, else a file. */
export type KeySource = { pem?: string; file: string };

export const SIGNING_KEY_FILE = "cert-signing-key.pem";

export const configuredKeySource = (): KeySource => ({
  pem: env.CERT_SIGNING_KEY ? env.CERT_SIGNING_KEY.replace(/\\n/g, "\n") : undefined,
  file: path.resolve(env.DATA_DIR, SIGNING_KEY_FILE),
});

let cached: SigningKey | undefined;

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(pem);
  const publicKey = crypto.createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: crypto.createHash("sha256").update(der).digest("hex").slice(0, 16),
  };
}

function readKey(source: KeySource): SigningKey | null {
  if (source.pem) return signingKeyFromPem(source.pem);
  if (!fs.existsSync(source.file)) return null;
  return signingKeyFromPem(fs.readFileSync(source.file, "utf8"));
}

/** The key, once `ensureSigningKey` has made sure it exists (or the key file is already there). */
export function getSigningKey(): SigningKey {
  if (cached) return cached;
  const key = readKey(configuredKeySource());
  if (!key)
    throw new Error(
      `Chưa có khóa ký chứng nhận (${configuredKeySource().file}): máy chủ tạo khóa khi khởi động lần đầu (ensureSigningKey).`,
    );
  cached = key;
  return key;
}

/**
 * Run at start-up (server, tests' setup): loads the key, or generates the key file in a
 * first-time setup only: while no certificate exists, or when CERT_SIGNING_KEY_SETUP=1 asks for
 * it explicitly. Otherwise it throws, saying why and what to do, and the server does not start.
 * `source`, `setupRequested` and `certificateCount` default to the configuration and database.
 */
export async function ensureSigningKey(
  options: { source?: KeySource; setupRequested?: boolean; certificateCount?: () => Promise<number> } = {},
): Promise<SigningKey> {
  const source = options.source ?? configuredKeySource();
  const isConfigured = !options.source;
  const existing = readKey(source);
  if (existing) {
    if (isConfigured) cached = existing;
    return existing;
  }
  const certificates = await (options.certificateCount ?? (() => prisma.certificate.count()))();
  const setupRequested = options.setupRequested ?? env.CERT_SIGNING_KEY_SETUP;
  if (certificates > 0 && !setupRequested)
    throw new Error(
      [
        `Không tìm thấy khóa ký chứng nhận ${source.file}, trong khi cơ sở dữ liệu đã có ${certificates} chứng nhận được ký bằng khóa đó.`,
        "Một khóa mới sẽ làm mọi chứng nhận đã cấp không xác minh được, nên máy chủ không khởi động.",
        "Hãy khôi phục tệp khóa từ bản sao lưu (npm run db:restore) hoặc đặt CERT_SIGNING_KEY.",
        "Chỉ khi chắc chắn muốn tạo khóa mới, đặt CERT_SIGNING_KEY_SETUP=1.",
      ].join("\n"),
    );
  fs.mkdirSync(path.dirname(source.file), { recursive: true });
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  try {
    // "wx": never overwrite a key another process wrote a moment ago.
    fs.writeFileSync(source.file, pem, { mode: 0o600, flag: "wx" });
    console.log(`Đã tạo khóa ký chứng nhận mới: ${source.file}. Hãy sao lưu tệp này (npm run db:backup).`);
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
  }
  const key = readKey(source)!;
  if (isConfigured) cached = key;
  return key;
}
