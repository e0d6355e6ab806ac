import fs from "node:fs";
import path from "node:path";

import { sourceHash } from "~/content/compile.server";
import type { Problem } from "~/content/frontmatter.server";
import { prisma } from "~/db.server";

/**
 * content:export — writes each lesson's published version back into its content/ file, so teams
 * that keep content in git see the studio's work as ordinary commits. A file whose text is none
 * of the lesson's versions was changed on disk since: it is left alone (and reported) unless
 * `force`, so an export never silently destroys a git user's edit.
 */
export async function exportPublishedLessons(options: { root?: string; force?: boolean } = {}) {
  const root = options.root ?? process.cwd();
  const lessons = await prisma.lesson.findMany({
    where: { publishedVersion: { isNot: null } },
    select: {
      id: true,
      sourcePath: true,
      publishedVersion: { select: { source: true, number: true } },
      versions: { select: { source: true } },
    },
  });
  const written: string[] = [];
  const skipped: Problem[] = [];
  for (const lesson of lessons) {
    const file = path.resolve(root, lesson.sourcePath);
    const text = lesson.publishedVersion!.source;
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
    if (current === text) continue;
    const known = new Set(lesson.versions.map((v) => sourceHash(v.source)));
    if (current !== null && !known.has(sourceHash(current)) && !options.force) {
      skipped.push({
        file: lesson.sourcePath,
        line: 1,
        message: `bỏ qua: tệp đã được sửa ngoài studio; chạy npm run content:build để nhập, hoặc content:export -- --force để ghi đè bằng phiên bản ${lesson.publishedVersion!.number}`,
      });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(lesson.sourcePath);
  }
  return { written, skipped };
}
