import { afterAll } from "vitest";

import { copyBaseDb, removeDb } from "./base-db";

// Each test file gets its own copy of the migrated base database, chosen before any app
// module reads DATABASE_URL. A client left by an earlier file in this worker is dropped.
const db = copyBaseDb("vitest");
process.env.DATABASE_URL = db.url;
(globalThis as { prisma?: unknown }).prisma = undefined;
// As the server does at start-up: the signing key exists (generated on a machine's first run).
const { ensureSigningKey } = await import("~/certificates/keys.server");
await ensureSigningKey();

afterAll(async () => {
  const { prisma } = await import("~/db.server");
  await prisma.$disconnect();
  removeDb(db.file);
});
