/**
 * npm run content:export [-- --force]: writes each published studio version (lessons, the course tree,
 * question banks) back into its content/ file. Here rather than in content/cli.server.ts because it
 * needs the studio's bank export, and studio/ imports content/, never the other way.
 */
import { formatProblems } from "~/content/check.server";
import { exportPublishedLessons } from "~/content/export.server";
import { configureDatabase, prisma } from "~/db.server";
import { exportPublishedBanks } from "~/studio/banks.server";

const force = process.argv.slice(2).includes("--force");
await configureDatabase();
const lessons = await exportPublishedLessons({ force });
const banks = await exportPublishedBanks({ force });
const written = [...lessons.written, ...banks.written];
const skipped = [...lessons.skipped, ...banks.skipped];
for (const file of written) console.log(`đã ghi ${file}`);
if (skipped.length) console.warn(formatProblems(skipped));
console.log(`content:export: ghi ${written.length} tệp, bỏ qua ${skipped.length}`);
await prisma.$disconnect();
