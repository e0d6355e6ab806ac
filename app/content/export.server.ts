import fs from "node:fs";
import path from "node:path";

import { isMap, parseDocument } from "yaml";

import { sourceHash } from "~/content/compile.server";
import type { Problem } from "~/content/frontmatter.server";
import { readStringList } from "~/content/stored.server";
import { CONTENT_DIR, displayPath } from "~/content/tree.server";
import { prisma } from "~/db.server";

/**
 * content:export — writes each lesson's published version back into its content/ file, so teams
 * that keep content in git see the studio's work as ordinary commits. A file whose text is none
 * of the lesson's versions was changed on disk since: it is left alone (and reported) unless
 * `force`, so an export never silently destroys a git user's edit.
 */
export async function exportPublishedLessons(options: { root?: string; contentRoot?: string; force?: boolean } = {}) {
  const root = options.root ?? process.cwd();
  // The tree first: lesson files may move to their new folder and number before texts are written.
  const tree = await exportCourseTrees({ root, contentRoot: options.contentRoot ?? CONTENT_DIR });
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
  return { written: [...tree.written, ...written], skipped };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Sets the given frontmatter keys of a document, keeping every other key's YAML text as it was. */
function withFrontmatter(source: string | null, fields: Record<string, unknown>, body: string) {
  const match = source ? /^---\n([\s\S]*?)\n---\n?/.exec(source) : null;
  const doc = parseDocument(match?.[1] ?? "{}");
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
  const before = (doc.toJS() ?? {}) as Record<string, unknown>;
  let changed = !match;
  for (const [key, value] of Object.entries(fields))
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(value)) {
      doc.set(key, value);
      changed = true;
    }
  if (!changed) return source!;
  const rest = match ? source!.slice(match[0].length) : `\n${body}\n`;
  return `---\n${doc.toString({ lineWidth: 0 }).trimEnd()}\n---\n${rest}`;
}

/**
 * The studio's course tree back into content/: for each course whose tree the studio edited,
 * course.mdx (written for a studio course, its status kept in sync otherwise), module folders
 * renamed NN-slug in the studio's order with module.mdx titles, and lesson files renamed NN-slug.mdx
 * in their module's folder; Lesson.sourcePath follows. Retirement stays a database fact (files do
 * not carry it). Then `treeEditedAt` is cleared: the files describe the tree again.
 */
export async function exportCourseTrees(options: { root: string; contentRoot: string }) {
  const written: string[] = [];
  const courses = await prisma.course.findMany({
    where: { treeEditedAt: { not: null }, removedAt: null },
    include: {
      modules: { where: { removedAt: null }, orderBy: { position: "asc" } },
      lessons: { where: { removedAt: null }, orderBy: { position: "asc" } },
    },
  });
  for (const course of courses) {
    const courseDir = path.join(options.contentRoot, "courses", course.id);
    fs.mkdirSync(courseDir, { recursive: true });
    const courseFile = path.join(courseDir, "course.mdx");
    const courseText = fs.existsSync(courseFile) ? fs.readFileSync(courseFile, "utf8") : null;
    const courseFields = courseText
      ? { status: course.status }
      : {
          title: course.title,
          description: course.description,
          objectives: readStringList(course.objectives),
          estimatedMinutes: course.estimatedMinutes,
          tags: readStringList(course.tags),
          status: course.status,
          audience: course.audience,
          hours: course.hours,
          version: course.version,
        };
    const nextCourse = withFrontmatter(courseText, courseFields, course.description);
    if (nextCourse !== courseText) {
      fs.writeFileSync(courseFile, nextCourse);
      written.push(displayPath(courseFile));
    }
    // Two phases (away to a temporary name, then into place), so swapped numbers never collide.
    const entries = fs.readdirSync(courseDir, { withFileTypes: true }).filter((e) => e.isDirectory());
    const moves: { from: string; temp: string; to: string }[] = [];
    const moduleDirs = new Map<string, string>();
    for (const [i, mod] of course.modules.entries()) {
      const target = path.join(courseDir, `${pad(i + 1)}-${mod.slug}`);
      moduleDirs.set(mod.id, target);
      const current = entries.find((e) => e.name.replace(/^\d{2}-/, "") === mod.slug && /^\d{2}-/.test(e.name));
      if (current && path.join(courseDir, current.name) !== target)
        moves.push({ from: path.join(courseDir, current.name), temp: `${target}.export-tmp`, to: target });
      else if (!current) fs.mkdirSync(target, { recursive: true });
    }
    for (const m of moves) fs.renameSync(m.from, m.temp);
    for (const m of moves) fs.renameSync(m.temp, m.to);
    const movedDir = new Map(moves.map((m) => [m.from, m.to]));
    const lessonMoves: { id: string; from: string | null; temp: string; to: string }[] = [];
    for (const mod of course.modules) {
      const dir = moduleDirs.get(mod.id)!;
      const moduleFile = path.join(dir, "module.mdx");
      const moduleText = fs.existsSync(moduleFile) ? fs.readFileSync(moduleFile, "utf8") : null;
      const nextModule = withFrontmatter(
        moduleText,
        { title: mod.title, description: mod.description, status: mod.status },
        mod.description,
      );
      if (nextModule !== moduleText) {
        fs.writeFileSync(moduleFile, nextModule);
        written.push(displayPath(moduleFile));
      }
      for (const [j, lesson] of course.lessons.filter((l) => l.moduleId === mod.id).entries()) {
        const old = path.resolve(options.root, lesson.sourcePath);
        const from = path.join(movedDir.get(path.dirname(old)) ?? path.dirname(old), path.basename(old));
        const to = path.join(dir, `${pad(j + 1)}-${lesson.slug}.mdx`);
        // A lesson whose folder was renamed has a new path even when its own file does not move.
        if (old !== to)
          lessonMoves.push({
            id: lesson.id,
            from: from !== to && fs.existsSync(from) ? from : null,
            temp: `${to}.export-tmp`,
            to,
          });
      }
    }
    for (const m of lessonMoves) if (m.from) fs.renameSync(m.from, m.temp);
    for (const m of lessonMoves) if (m.from) fs.renameSync(m.temp, m.to);
    await prisma.$transaction([
      ...lessonMoves.map((m) =>
        prisma.lesson.update({
          where: { id: m.id },
          data: { sourcePath: path.relative(options.root, m.to) },
        }),
      ),
      ...course.modules.map((mod, i) => prisma.module.update({ where: { id: mod.id }, data: { position: i + 1 } })),
      prisma.course.update({ where: { id: course.id }, data: { treeEditedAt: null } }),
    ]);
    for (const m of lessonMoves) if (m.from) written.push(displayPath(m.to));
  }
  return { written };
}
