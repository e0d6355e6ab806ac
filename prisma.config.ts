import fs from "node:fs";
import path from "node:path";

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// Prisma does not read .env when a config file exists; Node can.
try {
  process.loadEnvFile();
} catch {
  // no .env: defaults apply
}

const url = process.env.DATABASE_URL ?? "file:./prisma/data/hocdanvan.db";
// SQLite creates the file but not its folder; the CLI is the first to touch a new database.
fs.mkdirSync(path.dirname(url.replace(/^file:/, "")), { recursive: true });

/**
 * `migrate dev` / `migrate diff` replay whole migration scripts on the shadow database through
 * executeRaw, which better-sqlite3 runs one statement at a time (P3006 "External error id#0").
 * Sending argument-less scripts to executeScript instead makes them work with the JS engine.
 */
function sqliteAdapter() {
  const factory = new PrismaBetterSQLite3({ url });
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const adapter = await connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query) => {
      if (query.args.length === 0 && query.sql.trim().replace(/;\s*$/, "").includes(";")) {
        await adapter.executeScript(query.sql);
        return 0;
      }
      return executeRaw(query);
    };
    return adapter;
  };
  return factory;
}

export default defineConfig({
  experimental: { adapter: true },
  // The JS engine needs no native engine download (these machines cannot fetch one).
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => sqliteAdapter(),
});
