import path from "node:path";

import { CONTENT_ASSETS_PREFIX } from "~/content/assets";
import { checkContent, type CheckedCourse } from "~/content/check.server";
import { type CompiledDocument, compileMdx, ContentCompileError, sourceHash } from "~/content/compile.server";
import type { Problem } from "~/content/frontmatter.server";
import { compileQueue } from "~/content/queue.server";
import { storeQuizBanks } from "~/content/store-quizzes.server";
import { CONTENT_DIR, displayPath } from "~/content/tree.server";
import { forgetContentVersion } from "~/content/version.server";
import { prisma } from "~/db.server";

export type BuildProgress = { done: number; total: number; file: string; action: "compiled" | "unchanged" | "failed" };
export type BuildReport = {
  buildId: number;
  total: number;
  compiled: number;
  unchanged: number;
  failed: number;
  problems: Problem[];
  ms: number;
};

/** Public URL prefix of a course's images (served from content/courses/<course>/). */
function assetBaseFor(options: { courseDir: string; file: string }) {
  const rel = path.relative(path.dirname(options.courseDir), path.dirname(options.file)).split(path.sep).join("/");
  return `${CONTENT_ASSETS_PREFIX}/${rel}`;
}

type Doc = { kind: "course" | "module" | "lesson"; file: string; source: string; hash: string; courseDir: string };

/**
 * content:build — checks all content, then compiles through the queue only the documents whose
 * source hash changed, and stores HTML, headings and text. Documents that fail keep their last
 * good build. Lessons, modules and courses no longer on disk are marked removed, never deleted,
 * so progress tied to them stays readable.
 */
export async function buildContent(
  options: { root?: string; force?: boolean; onProgress?: (p: BuildProgress) => void } = {},
): Promise<BuildReport> {
  const started = Date.now();
  const build = await prisma.contentBuild.create({ data: {} });
  const checked = checkContent(options.root ?? CONTENT_DIR);
  const problems = [...checked.problems];
  const badFiles = new Set(problems.map((p) => p.file));

  const docs: Doc[] = [];
  for (const course of checked.courses) {
    docs.push({
      kind: "course",
      file: course.file,
      source: course.source,
      hash: sourceHash(course.source),
      courseDir: course.dir,
    });
    for (const mod of course.modules) {
      docs.push({
        kind: "module",
        file: mod.file,
        source: mod.source,
        hash: sourceHash(mod.source),
        courseDir: course.dir,
      });
      for (const lesson of mod.lessons)
        docs.push({
          kind: "lesson",
          file: lesson.file,
          source: lesson.source,
          hash: sourceHash(lesson.source),
          courseDir: course.dir,
        });
    }
  }

  const previous = await storedHashes(options.root ?? CONTENT_DIR);
  const results = new Map<string, CompiledDocument>();
  let done = 0;
  let compiled = 0;
  let unchanged = 0;
  let failed = 0;
  await prisma.contentBuild.update({ where: { id: build.id }, data: { total: docs.length } });

  await Promise.all(
    docs.map((doc) =>
      compileQueue.run(async () => {
        let action: BuildProgress["action"];
        if (badFiles.has(displayPath(doc.file)) || !doc.source) {
          failed++;
          action = "failed";
        } else if (!options.force && previous.get(displayPath(doc.file)) === doc.hash) {
          unchanged++;
          action = "unchanged";
        } else {
          try {
            results.set(
              doc.file,
              await compileMdx({ source: doc.source, file: displayPath(doc.file), assetBase: assetBaseFor(doc) }),
            );
            compiled++;
            action = "compiled";
          } catch (error) {
            failed++;
            action = "failed";
            if (error instanceof ContentCompileError) problems.push(...error.problems);
            else
              problems.push({
                file: displayPath(doc.file),
                line: 1,
                message: `không biên dịch được: ${(error as Error).message.split("\n")[0]}`,
              });
          }
        }
        done++;
        options.onProgress?.({ done, total: docs.length, file: displayPath(doc.file), action });
        if (done % 10 === 0)
          await prisma.contentBuild.update({ where: { id: build.id }, data: { compiled, unchanged, failed } });
      }),
    ),
  );

  await storeGlossary(checked);
  for (const [index, course] of checked.courses.entries()) {
    await storeCourse({ course, index, results, hashes: new Map(docs.map((d) => [d.file, d.hash])) });
    await storeQuizBanks(course);
  }
  await markRemoved(checked.courses);

  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  await prisma.contentBuild.update({
    where: { id: build.id },
    data: {
      finishedAt: new Date(),
      compiled,
      unchanged,
      failed,
      problems: JSON.stringify(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)),
    },
  });
  forgetContentVersion();
  return { buildId: build.id, total: docs.length, compiled, unchanged, failed, problems, ms: Date.now() - started };
}

/** Source hashes of what is stored, keyed by file, to skip unchanged documents. */
async function storedHashes(root: string) {
  const [courses, modules, lessons] = await Promise.all([
    prisma.course.findMany({ select: { id: true, sourceHash: true } }),
    prisma.module.findMany({ select: { id: true, position: true, sourceHash: true } }),
    prisma.lesson.findMany({ select: { sourcePath: true, sourceHash: true } }),
  ]);
  const map = new Map<string, string>();
  for (const c of courses) map.set(displayPath(path.join(root, "courses", c.id, "course.mdx")), c.sourceHash);
  for (const m of modules) {
    const [courseId, slug] = m.id.split("/");
    map.set(
      displayPath(
        path.join(root, "courses", courseId!, `${String(m.position).padStart(2, "0")}-${slug}`, "module.mdx"),
      ),
      m.sourceHash,
    );
  }
  for (const l of lessons) map.set(l.sourcePath, l.sourceHash);
  return map;
}

async function storeCourse(options: {
  course: CheckedCourse;
  index: number;
  results: Map<string, CompiledDocument>;
  hashes: Map<string, string>;
}) {
  const { course, results, hashes } = options;
  if (!course.meta) return; // invalid course.mdx: keep whatever was stored before
  const intro = results.get(course.file);
  const data = {
    title: course.meta.title,
    description: course.meta.description,
    objectives: JSON.stringify(course.meta.objectives),
    estimatedMinutes: course.meta.estimatedMinutes,
    tags: JSON.stringify(course.meta.tags),
    status: course.meta.status,
    audience: course.meta.audience,
    hours: course.meta.hours,
    version: course.meta.version,
    completionRule: JSON.stringify(course.meta.completion),
    position: options.index,
    removedAt: null,
    ...(intro ? { introHtml: intro.html, sourceHash: hashes.get(course.file)! } : {}),
  };
  await prisma.course.upsert({
    where: { id: course.slug },
    update: data,
    create: { id: course.slug, introHtml: "", sourceHash: "", ...data },
  });

  const existing = new Map(
    (
      await prisma.lesson.findMany({
        where: { courseId: course.slug },
        select: { id: true, slug: true, moduleId: true, position: true, sourceHash: true, removedAt: true },
      })
    ).map((l) => [l.id, l]),
  );
  const storedModules = new Map(
    (
      await prisma.module.findMany({
        where: { courseId: course.slug },
        select: { id: true, position: true, removedAt: true },
      })
    ).map((m) => [m.id, m]),
  );
  let position = 0;
  for (const mod of course.modules) {
    const moduleId = `${course.slug}/${mod.slug}`;
    const storedModule = storedModules.get(moduleId);
    // Unchanged source in the same place: nothing to write.
    const moduleUnchanged =
      !results.has(mod.file) && storedModule && storedModule.position === mod.position && !storedModule.removedAt;
    if (mod.meta && !moduleUnchanged) {
      const introM = results.get(mod.file);
      const m = {
        courseId: course.slug,
        slug: mod.slug,
        title: mod.meta.title,
        description: mod.meta.description,
        status: mod.meta.status,
        position: mod.position,
        removedAt: null,
        ...(introM ? { introHtml: introM.html, sourceHash: hashes.get(mod.file)! } : {}),
      };
      await prisma.module.upsert({
        where: { id: moduleId },
        update: m,
        create: { id: moduleId, introHtml: "", sourceHash: "", ...m },
      });
    }
    for (const lesson of mod.lessons) {
      position++;
      const compiled = results.get(lesson.file);
      const stored = existing.get(lesson.id);
      if (!lesson.meta || (!compiled && !stored) || !mod.meta) continue;
      // Unchanged source in the same place: nothing to write (frontmatter is part of the hash).
      if (
        !compiled &&
        stored &&
        stored.position === position &&
        stored.moduleId === moduleId &&
        stored.slug === lesson.slug &&
        !stored.removedAt
      )
        continue;
      const meta = {
        courseId: course.slug,
        moduleId,
        slug: lesson.slug,
        title: lesson.meta.title,
        description: lesson.meta.description,
        objectives: JSON.stringify(lesson.meta.objectives),
        estimatedMinutes: lesson.meta.estimatedMinutes,
        tags: JSON.stringify(lesson.meta.tags),
        status: lesson.meta.status,
        position,
        sourcePath: displayPath(lesson.file),
        removedAt: null,
      };
      const body = compiled
        ? {
            sourceHash: hashes.get(lesson.file)!,
            html: compiled.html,
            headings: JSON.stringify(compiled.headings),
            plainText: compiled.text,
            wordCount: compiled.wordCount,
            builtAt: new Date(),
          }
        : null;
      // A slug taken over by another lesson id (file renamed with an explicit id): free it first.
      await prisma.lesson.updateMany({
        where: { courseId: course.slug, slug: lesson.slug, NOT: { id: lesson.id } },
        data: { slug: `removed-${Date.now()}-${lesson.slug}`, removedAt: new Date() },
      });
      if (stored) await prisma.lesson.update({ where: { id: lesson.id }, data: { ...meta, ...(body ?? {}) } });
      else if (body) await prisma.lesson.create({ data: { id: lesson.id, ...meta, ...body } });
      if (compiled) {
        await prisma.termUsage.deleteMany({ where: { lessonId: lesson.id } });
        const termIds = [...new Set(lesson.facts.termIds.map((t) => t.id))];
        if (termIds.length)
          await prisma.termUsage.createMany({ data: termIds.map((termId) => ({ termId, lessonId: lesson.id })) });
      }
    }
  }
}

async function markRemoved(courses: CheckedCourse[]) {
  const now = new Date();
  const courseIds = courses.map((c) => c.slug);
  const moduleIds = courses.flatMap((c) => c.modules.map((m) => `${c.slug}/${m.slug}`));
  const lessonIds = courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.map((l) => l.id)));
  await prisma.lesson.updateMany({ where: { id: { notIn: lessonIds }, removedAt: null }, data: { removedAt: now } });
  await prisma.module.updateMany({ where: { id: { notIn: moduleIds }, removedAt: null }, data: { removedAt: now } });
  await prisma.course.updateMany({ where: { id: { notIn: courseIds }, removedAt: null }, data: { removedAt: now } });
}

async function storeGlossary(checked: ReturnType<typeof checkContent>) {
  if (!checked.glossary.length) return;
  for (const entry of checked.glossary) {
    await prisma.glossaryTerm.upsert({
      where: { id: entry.id },
      update: { term: entry.term, definition: entry.definition },
      create: entry,
    });
  }
  await prisma.glossaryTerm.deleteMany({ where: { id: { notIn: checked.glossary.map((g) => g.id) } } });
}
