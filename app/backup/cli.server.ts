/**
 * npm run db:backup [-- --out <folder>]      online backup of the database and the signing key
 * npm run db:restore -- <folder> [--force]   restore a backup (stop the server first)
 * Both read DATABASE_URL, DATA_DIR and CERT_SIGNING_KEY like the server (app/env.server.ts).
 */
import { parseArgs } from "node:util";

import { backup, restore } from "~/backup/backup.server";
import { configuredKeySource } from "~/certificates/keys.server";
import { env } from "~/env.server";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: "string" }, force: { type: "boolean", default: false } },
});
const [command, from] = positionals;

try {
  if (command === "backup") {
    const { outDir, manifest } = await backup({
      databaseUrl: env.DATABASE_URL,
      keySource: configuredKeySource(),
      outDir: values.out,
    });
    console.log(
      `Đã sao lưu vào ${outDir}: cơ sở dữ liệu (${manifest.certificates} chứng nhận, kiểm tra toàn vẹn: ok) và khóa ký ${manifest.keyId}.`,
    );
    console.log("Thư mục có khóa bí mật: hãy cất ở nơi an toàn.");
  } else if (command === "restore" && from) {
    const result = restore({
      from,
      databaseUrl: env.DATABASE_URL,
      keySource: configuredKeySource(),
      force: values.force,
    });
    console.log(
      `Đã khôi phục ${result.target}${result.keyFile ? ` và khóa ${result.keyFile}` : ""}: ${result.certificates} chứng nhận xác minh được bằng khóa ${result.manifest.keyId}.`,
    );
  } else {
    console.error("Cách dùng: npm run db:backup [-- --out <thư mục>] | npm run db:restore -- <thư mục> [--force]");
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
