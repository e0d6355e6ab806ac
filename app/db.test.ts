import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";

import { databaseHealth, prisma, probeDatabaseWrite } from "~/db.server";
import { env } from "~/env.server";

import { makeUnit } from "../tests/factories";

/** Resolves to the promise's value, or rejects when it has not settled in time (a wedged client). */
function within<T>(ms: number, promise: Promise<T>) {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

function dbFile() {
  return process.env.DATABASE_URL!.replace(/^file:/, "");
}

/** A transaction that writes a unit, so a later one proves the client still works. */
function writeUnitInTransaction(name: string) {
  return prisma.$transaction(async (tx) => {
    await tx.unit.create({ data: { name, kind: "XA", path: `/${name}/` } });
  });
}

describe("transactions after a disk fault", () => {
  test("a COMMIT refused because another connection holds the database recovers", async () => {
    await makeUnit();
    // The other connection reads inside a transaction: in rollback-journal mode its SHARED lock
    // makes our COMMIT fail with SQLITE_BUSY once the (short) busy timeout has passed.
    const other = new Database(dbFile(), { timeout: 0 });
    other.pragma("journal_mode = DELETE");
    other.exec("BEGIN");
    other.prepare("SELECT count(*) FROM Unit").get();
    await expect(within(10_000, writeUnitInTransaction("commit-refused"))).rejects.toThrow();
    other.exec("COMMIT");
    other.close();
    await within(5_000, writeUnitInTransaction("after-commit-refused"));
    const names = (await prisma.unit.findMany({ select: { name: true } })).map((u) => u.name);
    expect(names).toContain("after-commit-refused");
    expect(names).not.toContain("commit-refused");
  });

  test("a full disk mid-transaction recovers once there is room again", async () => {
    // max_page_count stands in for a full disk: SQLite answers SQLITE_FULL and rolls the whole
    // transaction back by itself, so Prisma's own ROLLBACK then fails too.
    const pages = Number((await prisma.$queryRawUnsafe<{ page_count: bigint }[]>("PRAGMA page_count"))[0]!.page_count);
    await prisma.$executeRawUnsafe(`PRAGMA max_page_count = ${pages}`);
    await expect(
      within(
        10_000,
        prisma.$transaction(async (tx) => {
          for (let i = 0; i < 200; i++)
            await tx.unit.create({ data: { name: `full-${i}-${"x".repeat(2000)}`, kind: "XA", path: `/full-${i}/` } });
        }),
      ),
    ).rejects.toThrow();
    await prisma.$executeRawUnsafe("PRAGMA max_page_count = 1073741823");
    await within(5_000, writeUnitInTransaction("after-full"));
    expect(await prisma.unit.count({ where: { name: "after-full" } })).toBe(1);
    expect(await prisma.unit.count({ where: { name: { startsWith: "full-" } } })).toBe(0);
  });

  test("a read-only database mid-request recovers once writable again", async () => {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("PRAGMA query_only = 1");
    });
    await expect(within(5_000, writeUnitInTransaction("read-only"))).rejects.toThrow();
    await prisma.$executeRawUnsafe("PRAGMA query_only = 0");
    await within(5_000, writeUnitInTransaction("after-read-only"));
    expect(await prisma.unit.count({ where: { name: "after-read-only" } })).toBe(1);
  });
});

describe("a database locked by another writer", () => {
  test("writes wait the busy timeout without freezing the process, then answer 503 in Vietnamese", async () => {
    const other = new Database(dbFile(), { timeout: 0 });
    other.exec("BEGIN IMMEDIATE"); // another process holds the write lock
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 100);
    const started = Date.now();
    const error = await prisma.unit.create({ data: { name: "locked", kind: "XA", path: "/locked/" } }).then(
      () => null,
      (e: unknown) => e,
    );
    const waited = Date.now() - started;
    clearInterval(timer);
    expect(error).toBeInstanceOf(Response);
    const response = error as Response;
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("Hệ thống tạm thời chưa lưu được dữ liệu");
    expect(waited).toBeGreaterThanOrEqual(env.DB_BUSY_TIMEOUT_MS - 100);
    // The event loop kept running during the wait (SQLite's own busy wait would have blocked it).
    expect(ticks).toBeGreaterThan((env.DB_BUSY_TIMEOUT_MS / 100) * 0.5);
    expect(databaseHealth.lastFault?.code).toMatch(/^SQLITE_BUSY/);
    other.exec("ROLLBACK");
    other.close();
    await prisma.unit.create({ data: { name: "unlocked", kind: "XA", path: "/unlocked/" } });
    expect(await probeDatabaseWrite()).toBeNull();
  }, 30_000);

  test("the write probe reports a read-only database", async () => {
    await prisma.$executeRawUnsafe("PRAGMA query_only = 1");
    // The probe runs at most once per 5 s: wait for the previous one to expire.
    await new Promise((r) => setTimeout(r, 5100));
    expect(await probeDatabaseWrite()).toBe("SQLITE_READONLY");
    await prisma.$executeRawUnsafe("PRAGMA query_only = 0");
  }, 30_000);
});
