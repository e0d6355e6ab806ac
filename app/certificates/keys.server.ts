import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { env } from "~/env.server";

/**
 * The Ed25519 key that signs certificates: CERT_SIGNING_KEY if set, otherwise a key generated
 * once into DATA_DIR/cert-signing-key.pem (mode 0600) and reused on every start.
 */

export type SigningKey = {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  publicPem: string;
  keyId: string;
};

let cached: SigningKey | undefined;

function loadPrivateKey(): crypto.KeyObject {
  if (env.CERT_SIGNING_KEY) return crypto.createPrivateKey(env.CERT_SIGNING_KEY.replace(/\\n/g, "\n"));
  const file = path.resolve(env.DATA_DIR, "cert-signing-key.pem");
  if (fs.existsSync(file)) return crypto.createPrivateKey(fs.readFileSync(file, "utf8"));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  try {
    // "wx": never overwrite a key another process wrote a moment ago.
    fs.writeFileSync(file, pem, { mode: 0o600, flag: "wx" });
  } catch {
    return crypto.createPrivateKey(fs.readFileSync(file, "utf8"));
  }
  return privateKey;
}

export function getSigningKey(): SigningKey {
  if (cached) return cached;
  const privateKey = loadPrivateKey();
  const publicKey = crypto.createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  cached = {
    privateKey,
    publicKey,
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: crypto.createHash("sha256").update(der).digest("hex").slice(0, 16),
  };
  return cached;
}
