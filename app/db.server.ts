import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

import { env } from "~/env.server";
import { PrismaClient } from "~/generated/prisma/client";

/**
 * Error codes that mean "the database cannot take this write now" (another process holds the write
 * lock, the file or its folder is read-only, the disk is full, an I/O error): not a bug, but a fault
 * of the machine that a retry later may not meet.
 */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|PROTOCOL)/;

/** The SQLite error code an error carries, whether raw (better-sqlite3), from the adapter or from Prisma. */
export function sqliteCode(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { code?: unknown; cause?: { originalCode?: unknown }; meta?: { code?: unknown } };
  for (const code of [e.cause?.originalCode, e.code, e.meta?.code])
    if (typeof code === "string" && code.startsWith("SQLITE_")) return code;
  // Prisma maps SQLITE_BUSY to its own "timed out" kind (P1008) and loses the SQLite code.
  if (e.code === "P1008" || (e as { cause?: { kind?: unknown } }).cause?.kind === "SocketTimeout") return "SQLITE_BUSY";
  return undefined;
}

export function isDatabaseUnavailable(error: unknown) {
  return UNAVAILABLE_CODES.test(sqliteCode(error) ?? "");
}

/** What /healthz reports: the last fault seen on a write, cleared by the next successful write probe. */
export const databaseHealth: { lastFault: { code: string; at: Date } | null } = { lastFault: null };

function noteFault(error: unknown) {
  const code = sqliteCode(error);
  if (code && UNAVAILABLE_CODES.test(code)) databaseHealth.lastFault = { code, at: new Date() };
}

/** A first-come, first-served lock: the one SQLite connection belongs to one transaction at a time. */
function createLock() {
  let tail: Promise<void> = Promise.resolve();
  return async function acquire() {
    let unlock!: () => void;
    const mine = new Promise<void>((resolve) => (unlock = resolve));
    const previous = tail;
    tail = previous.then(() => mine);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      unlock();
    };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs a statement, waiting for another process's write lock asynchronously: SQLite's own busy wait
 * (better-sqlite3's `timeout`) sleeps on the main thread and would freeze every request, so the
 * connection's own wait is short and the rest of DB_BUSY_TIMEOUT_MS is spent here, between tries.
 */
async function retryWhileBusy<T>(run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + env.DB_BUSY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await run();
    } catch (error) {
      if (!sqliteCode(error)?.startsWith("SQLITE_BUSY") || Date.now() + pause > deadline) {
        noteFault(error);
        throw error;
      }
      await sleep(pause);
    }
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/**
 * Wraps Prisma 6.19's better-sqlite3 adapter so that a failed COMMIT or ROLLBACK cannot wedge the
 * process. The stock adapter releases its transaction lock only in `commit()`/`rollback()`, which
 * Prisma calls after its own COMMIT/ROLLBACK statement succeeded: once one of those throws (disk
 * full, read-only file, I/O error; SQLite may also have rolled back by itself), the lock is never
 * released and every later transaction waits forever. Here the lock is ours: it is released on
 * every path, and a connection left inside a transaction is rolled back before it is used again.
 * Statements outside a transaction also take the lock, so they never run inside another request's
 * open transaction on the shared connection (where a rollback would silently undo them).
 */
function resilientAdapter(inner: SqlDriverAdapter): SqlDriverAdapter {
  const connection = (inner as unknown as { client: { inTransaction: boolean } }).client;
  const acquire = createLock();

  async function rollbackLeftover() {
    if (!connection.inTransaction) return;
    try {
      await inner.executeRaw(statement("ROLLBACK"));
    } catch {
      // Nothing more can be done here; the next BEGIN reports what is wrong.
    }
  }

  async function locked<T>(run: () => Promise<T>) {
    const release = await acquire();
    try {
      await rollbackLeftover();
      return await retryWhileBusy(run);
    } finally {
      release();
    }
  }

  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => locked(() => inner.queryRaw(query)),
    executeRaw: (query) => locked(() => inner.executeRaw(query)),
    executeScript: (script) => locked(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel): Promise<Transaction> {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") return inner.startTransaction(isolationLevel); // the stock adapter's own refusal
      const release = await acquire();
      try {
        await rollbackLeftover();
        // IMMEDIATE takes the write lock at once, so no statement inside can meet SQLITE_BUSY halfway.
        await retryWhileBusy(() => inner.executeRaw(statement("BEGIN IMMEDIATE")));
      } catch (error) {
        release();
        throw error;
      }
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        options: { usePhantomQuery: false },
        queryRaw: (query) => inner.queryRaw(query).catch((error: unknown) => (noteFault(error), Promise.reject(error))),
        async executeRaw(query) {
          const sql = query.sql.trim().toUpperCase();
          if (sql !== "COMMIT" && sql !== "ROLLBACK")
            return inner.executeRaw(query).catch((error: unknown) => (noteFault(error), Promise.reject(error)));
          try {
            return await retryWhileBusy(() => inner.executeRaw(query));
          } catch (error) {
            noteFault(error);
            // SQLite rolls a transaction back by itself after some errors (SQLITE_FULL, IOERR):
            // a ROLLBACK then finds nothing to undo, which is what was wanted.
            if (sql === "ROLLBACK" && !connection.inTransaction) return 0;
            await rollbackLeftover();
            release();
            throw error;
          }
        },
        commit: async () => release(),
        rollback: async () => release(),
      };
    },
  };
}

function resilientFactory(inner: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => resilientAdapter(await inner.connect()),
  };
}

/** The page a request gets when the database cannot take its write: 503, in Vietnamese. */
export function databaseUnavailableResponse() {
  return new Response(
    "Hệ thống tạm thời chưa lưu được dữ liệu (cơ sở dữ liệu đang bận hoặc không ghi được). Thao tác của bạn chưa được ghi nhận; vui lòng thử lại sau ít phút.",
    { status: 503, statusText: "Service Unavailable", headers: { "Retry-After": "30" } },
  );
}

function asUnavailable(error: unknown): unknown {
  return isDatabaseUnavailable(error) ? databaseUnavailableResponse() : error;
}

function createPrismaClient() {
  // A short wait inside SQLite (it blocks the event loop); the rest is waited asynchronously above.
  const adapter = resilientFactory(new PrismaBetterSQLite3({ url: env.DATABASE_URL, timeout: 20 }));
  const client = new PrismaClient({ adapter });
  // A database fault reaches a loader or action as a thrown 503 Response: the Vietnamese error page,
  // never a 500 with an English text. Operations are mapped by the extension; a failed COMMIT
  // surfaces from $transaction itself, so that one is wrapped too.
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw asUnavailable(error);
        }
      },
    },
  });
  const transaction = extended.$transaction.bind(extended) as (...args: unknown[]) => Promise<unknown>;
  return new Proxy(extended, {
    get(target, property, receiver) {
      if (property === "$transaction")
        return (...args: unknown[]) =>
          transaction(...args).catch((error: unknown) => {
            throw asUnavailable(error);
          });
      return Reflect.get(target, property, receiver);
    },
  });
}

// One client per process; the globalThis slot survives `remix dev` rebuilds.
const globalForPrisma = globalThis as unknown as { prisma?: ReturnType<typeof createPrismaClient> };

export const prisma = (globalForPrisma.prisma ??= createPrismaClient());

/** An interactive transaction's client, as `prisma.$transaction(async (tx) => …)` hands it over. */
export type TransactionDb = Parameters<
  Extract<Parameters<typeof prisma.$transaction>[0], (...args: never[]) => unknown>
>[0];
/** What a function that may run inside a caller's transaction takes: the client or that transaction. */
export type Db = typeof prisma | TransactionDb;

/**
 * WAL lets readers proceed while a writer commits, and is stored in the database file itself;
 * synchronous=NORMAL is safe under WAL and much faster. Called once at server start.
 */
export async function configureDatabase() {
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}

let lastProbe: { at: number; result: Promise<string | null> } | null = null;

/**
 * A real write that leaves nothing behind (insert and delete a marker row, committed), at most once
 * every 5 s whatever the number of /healthz calls: null when the database takes writes, else the
 * SQLite code of the fault.
 */
export function probeDatabaseWrite(): Promise<string | null> {
  if (lastProbe && Date.now() - lastProbe.at < 5000) return lastProbe.result;
  const result = prisma
    .$transaction([
      prisma.loginAttempt.create({ data: { key: "healthz:probe" } }),
      prisma.loginAttempt.deleteMany({ where: { key: "healthz:probe" } }),
    ])
    .then(() => {
      databaseHealth.lastFault = null;
      return null;
    })
    .catch((error: unknown) => {
      noteFault(error);
      return databaseHealth.lastFault?.code ?? "SQLITE_ERROR";
    });
  lastProbe = { at: Date.now(), result };
  return result;
}

/**
 * A Date as Prisma stores DateTime in SQLite ("2026-11-29T04:00:00.000+00:00"), for the few raw
 * statements on hot paths: the same text format keeps comparisons with Prisma-written rows exact.
 */
export function sqliteDate(date: Date) {
  return date.toISOString().replace("Z", "+00:00");
}
