import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): ~40 ms here, slow enough for offline
// guessing, fast enough that a burst of sign-ins does not starve a 2-core server.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string) {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string) {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the email is unknown so that the
 * response time does not reveal which emails have accounts.
 */
let dummyHash: Promise<string> | undefined;
export function getDummyPasswordHash() {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
