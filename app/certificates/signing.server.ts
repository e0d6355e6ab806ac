import crypto from "node:crypto";

/** JSON with keys sorted at every level and no spaces: the same fields always give the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function signPayload(payload: string, privateKey: crypto.KeyObject) {
  return crypto.sign(null, Buffer.from(payload, "utf8"), privateKey).toString("base64url");
}

export function verifyPayload(options: { payload: string; signature: string; publicKey: crypto.KeyObject }) {
  try {
    return crypto.verify(
      null,
      Buffer.from(options.payload, "utf8"),
      options.publicKey,
      Buffer.from(options.signature, "base64url"),
    );
  } catch {
    return false;
  }
}
