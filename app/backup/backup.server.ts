import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { z } from "zod";

import { type KeySource, type SigningKey, signingKeyFromPem } from "~/certificates/keys.server";
import { verifyPayload } from "~/certificates/signing.server";
import { parseJson } from "~/utils/json";

/**
 * Backup and restore of what the platform cannot rebuild: the SQLite database and the key that
 * signed its certificates. A backup is a folder: the database (SQLite's online backup API, taken
 * while the server is serving, as one consistent snapshot), the signing key (mode 0600) and a
 * manifest. A restore checks the backup, puts both back, and proves that the certificates verify
 * with the restored key. Content is not backed up: it lives in git and `content:build` rebuilds it.
 */

export const BACKUP_DB = "hocdanvan.db";
export const BACKUP_KEY = "cert-signing-key.pem";
export const BACKUP_MANIFEST = "manifest.json";

const ManifestSchema = z.object({
  createdAt: z.string(),
  database: z.literal(BACKUP_DB),
  key: z.literal(BACKUP_KEY),
  keyId: z.string(),
  certificates: z.number().int().min(0),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const CertificateRowsSchema = z.array(
  z.object({ serial: z.string(), payload: z.string(), signature: z.string(), keyId: z.string() }),
);

/** The database file of a `file:` DATABASE_URL, relative to the working directory as Prisma reads it. */
export function databaseFile(url: string) {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

function readKey(source: KeySource): { key: SigningKey; pem: string } {
  const pem = source.pem ?? (fs.existsSync(source.file) ? fs.readFileSync(source.file, "utf8") : null);
  if (!pem) throw new Error(`Không tìm thấy khóa ký chứng nhận (${source.file}, hoặc CERT_SIGNING_KEY).`);
  return { key: signingKeyFromPem(pem), pem };
}

/**
 * Checks a database file against a key: integrity, and every certificate's signature. Returns
 * how many certificates there are; throws, saying what is wrong, when anything fails.
 */
export function checkDatabase(options: { file: string; key: SigningKey }) {
  const db = new Database(options.file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`Cơ sở dữ liệu ${options.file} bị hỏng: ${String(integrity)}`);
    const rows = CertificateRowsSchema.parse(
      db.prepare("SELECT serial, payload, signature, keyId FROM Certificate").all(),
    );
    const failing = rows.filter(
      (r) =>
        r.keyId !== options.key.keyId ||
        !verifyPayload({ payload: r.payload, signature: r.signature, publicKey: options.key.publicKey }),
    );
    if (failing.length)
      throw new Error(
        `${failing.length}/${rows.length} chứng nhận không xác minh được bằng khóa ${options.key.keyId} (ví dụ ${failing[0]!.serial}).`,
      );
    return { certificates: rows.length };
  } finally {
    db.close();
  }
}

const timestamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);

/** Backs up the database (online, while the server serves) and the signing key into a new folder. */
export async function backup(options: { databaseUrl: string; keySource: KeySource; outDir?: string; now?: Date }) {
  const now = options.now ?? new Date();
  const source = databaseFile(options.databaseUrl);
  if (!fs.existsSync(source)) throw new Error(`Không có cơ sở dữ liệu để sao lưu: ${source}`);
  const { key, pem } = readKey(options.keySource);
  const outDir = path.resolve(options.outDir ?? path.join("backups", `hocdanvan-${timestamp(now)}`));
  if (fs.existsSync(outDir) && fs.readdirSync(outDir).length)
    throw new Error(`Thư mục sao lưu ${outDir} đã có dữ liệu: chọn thư mục khác.`);
  // The key is a secret: the folder and the key file are readable by their owner only.
  fs.mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    // All pages in one step: one consistent snapshot, however many writes the server makes meanwhile.
    await db.backup(path.join(outDir, BACKUP_DB), { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  fs.writeFileSync(path.join(outDir, BACKUP_KEY), pem, { mode: 0o600 });
  const { certificates } = checkDatabase({ file: path.join(outDir, BACKUP_DB), key });
  const manifest: Manifest = {
    createdAt: now.toISOString(),
    database: BACKUP_DB,
    key: BACKUP_KEY,
    keyId: key.keyId,
    certificates,
  };
  fs.writeFileSync(path.join(outDir, BACKUP_MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  return { outDir, manifest };
}

/** Moves an existing file (and its WAL companions) aside instead of overwriting it. */
function moveAside(file: string, suffix: string) {
  for (const extra of ["", "-wal", "-shm"])
    if (fs.existsSync(file + extra)) fs.renameSync(file + extra, `${file}${suffix}${extra}`);
}

/**
 * Restores a backup folder into the configured database file and key location. The server must
 * be stopped. An existing database or a different key is kept aside (`.before-restore-<time>`)
 * only with `force`; otherwise the restore refuses. With CERT_SIGNING_KEY set, it must be the
 * backup's key.
 */
export function restore(options: {
  from: string;
  databaseUrl: string;
  keySource: KeySource;
  force?: boolean;
  now?: Date;
}) {
  const from = path.resolve(options.from);
  const manifestFile = path.join(from, BACKUP_MANIFEST);
  if (!fs.existsSync(manifestFile)) throw new Error(`${from} không phải bản sao lưu (thiếu ${BACKUP_MANIFEST}).`);
  const manifest = parseJson(ManifestSchema, fs.readFileSync(manifestFile, "utf8"), manifestFile);
  const { key, pem } = readKey({ file: path.join(from, manifest.key) });
  if (key.keyId !== manifest.keyId) throw new Error(`Khóa trong bản sao lưu (${key.keyId}) khác với manifest.`);
  // The backup itself must be sound before anything is replaced.
  checkDatabase({ file: path.join(from, manifest.database), key });

  const target = databaseFile(options.databaseUrl);
  const suffix = `.before-restore-${timestamp(options.now ?? new Date())}`;
  if (fs.existsSync(target) && fs.statSync(target).size > 0) {
    if (!options.force)
      throw new Error(
        `Đã có cơ sở dữ liệu ${target}. Dừng máy chủ, rồi chạy lại với --force (tệp cũ được giữ lại với đuôi ${suffix}).`,
      );
    moveAside(target, suffix);
  }
  if (options.keySource.pem) {
    if (signingKeyFromPem(options.keySource.pem).keyId !== key.keyId)
      throw new Error(`CERT_SIGNING_KEY khác khóa của bản sao lưu (${key.keyId}): đặt lại biến này, hoặc bỏ nó đi.`);
  } else if (fs.existsSync(options.keySource.file)) {
    const current = signingKeyFromPem(fs.readFileSync(options.keySource.file, "utf8"));
    if (current.keyId !== key.keyId) {
      if (!options.force)
        throw new Error(
          `Đã có khóa khác (${current.keyId}) tại ${options.keySource.file}. Chạy lại với --force (khóa cũ được giữ lại với đuôi ${suffix}).`,
        );
      moveAside(options.keySource.file, suffix);
    }
  }

  fs.mkdirSync(path.dirname(target), { recursive: true });
  // Copied next to the target, then renamed: a reader never sees half a database.
  fs.copyFileSync(path.join(from, manifest.database), `${target}.restoring`);
  for (const extra of ["-wal", "-shm"]) fs.rmSync(target + extra, { force: true });
  fs.renameSync(`${target}.restoring`, target);
  if (!options.keySource.pem && !fs.existsSync(options.keySource.file)) {
    fs.mkdirSync(path.dirname(options.keySource.file), { recursive: true });
    fs.writeFileSync(options.keySource.file, pem, { mode: 0o600 });
  }
  const { certificates } = checkDatabase({ file: target, key });
  return { target, keyFile: options.keySource.pem ? null : options.keySource.file, manifest, certificates };
}
