import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Where tests keep their databases (git-ignored). */
export const TMP_DIR = path.resolve("tests/.tmp");
export const BASE_DB = path.join(TMP_DIR, "base.db");

/**
 * A migrated, empty database built once per test run; every test file copies it, which is
 * far cheaper than migrating per file and keeps files independent of each other.
 */
export function buildBaseDb() {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(BASE_DB + suffix, { force: true });
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${BASE_DB}` },
    stdio: "pipe",
  });
  return BASE_DB;
}

/** A private copy of the base database; returns its DATABASE_URL. */
export function copyBaseDb(name: string) {
  const file = path.join(TMP_DIR, `${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.db`);
  fs.copyFileSync(BASE_DB, file);
  return { file, url: `file:${file}` };
}

export function removeDb(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
}
