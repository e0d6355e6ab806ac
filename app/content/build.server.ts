import path from "node:path";

import { CONTENT_ASSETS_PREFIX } from "~/content/assets";
import { checkContent, type CheckedCourse } from "~/content/check.server";
import { type CompiledDocument, compileMdx, ContentCompileError, sourceHash } from "~/content/compile.server";
import { LessonFrontmatter, parseFrontmatter, type Problem } from "~/content/frontmatter.server";
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
  /** Lessons left alone because the studio has a newer version than the file (never overwritten). */
  skipped: Problem[];
  ms: number;
};

/** Public URL prefix of a course's images (served from content/courses/<course>/). */
export function assetBaseFor(options: { courseDir: string; file: string }) {
  const rel = path.relative(path.dirname(options.courseDir), path.dirname(options.file)).split(path.sep).join("/");
  return `${CONTENT_ASSETS_PREFIX}/${rel}`;
}

type Doc = {
  kind: "course" | "module" | "lesson";
  file: string;
  source: string;
  hash: string;
  courseDir: string;
  lessonId?: string;
};

/**
 * Where a lesson's live text comes from when the studio has touched it. A lesson whose newest
 * version was saved in the studio belongs to the studio: its file is compiled only if it still is
 * what was last imported (then nothing changed on either side) — a file changed on disk AND in the
 * studio is skipped and reported, never silently overwritten. The published studio version is
 * recompiled when the pipeline changes.
 */
type StudioState = {
  latestOrigin: string;
  latestNumber: number;
  latestAt: Date;
  /** Hashes of every version's text, to tell an old export from new work on disk. */
  knownHashes: Set<string>;
  published: { source: string; origin: string } | null;
  storedHash: string;
};

async function studioStates() {
  const lessons = await prisma.lesson.findMany({
    where: { versions: { some: {} } },
    select: {
      id: true,
      sourceHash: true,
      publishedVersion: { select: { source: true, origin: true } },
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, origin: true, createdAt: true } },
    },
  });
  const owned = lessons.filter((l) => l.versions[0]!.origin === "studio").map((l) => l.id);
  const known = new Map<string, Set<string>>();
  for (const v of await prisma.lessonVersion.findMany({
    where: { lessonId: { in: owned } },
    select: { lessonId: true, source: true },
  })) {
    if (!known.has(v.lessonId)) known.set(v.lessonId, new Set());
    known.get(v.lessonId)!.add(sourceHash(v.source));
  }
  return new Map<string, StudioState>(
    lessons.map((l) => [
      l.id,
      {
        latestOrigin: l.versions[0]!.origin,
        latestNumber: l.versions[0]!.number,
        latestAt: l.versions[0]!.createdAt,
        knownHashes: known.get(l.id) ?? new Set(),
        published: l.publishedVersion,
        storedHash: l.sourceHash,
      },
    ]),
  );
}

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
          lessonId: lesson.id,
        });
    }
  }

  const previous = await storedHashes(options.root ?? CONTENT_DIR);
  const studio = await studioStates();
  const skipped: Problem[] = [];
  /** Lessons whose live text is a studio version: stored from that text, not from the file. */
  const studioLive = new Map<string, string>();
  for (const doc of docs) {
    const state = doc.lessonId ? studio.get(doc.lessonId) : undefined;
    if (!state || state.latestOrigin !== "studio") continue;
    const file = displayPath(doc.file);
    // A file whose text is one of the lesson's versions (an old export, the last import) is not
    // new work; any other text was changed on disk while the studio moved on.
    if (!state.knownHashes.has(doc.hash))
      skipped.push({
        file,
        line: 1,
        message: `bỏ qua: bài đã được sửa trong studio (phiên bản ${state.latestNumber}), tệp này không ghi đè lên studio — hãy chạy npm run content:export rồi hợp nhất thay đổi của tệp`,
      });
    if (state.published) {
      studioLive.set(doc.file, state.published.source);
      doc.source = state.published.source;
      doc.hash = sourceHash(state.published.source);
    } else {
      doc.source = "";
    }
  }
  const skippedFiles = new Set(skipped.map((p) => p.file));
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
        if (skippedFiles.has(displayPath(doc.file)) && !studioLive.has(doc.file)) {
          unchanged++;
          action = "unchanged";
        } else if ((badFiles.has(displayPath(doc.file)) && !studioLive.has(doc.file)) || !doc.source) {
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
  const studioOwned = new Set([...studio].filter(([, s]) => s.latestOrigin === "studio").map(([id]) => id));
  for (const [index, course] of checked.courses.entries()) {
    const { treeKept } = await storeCourse({
      course,
      index,
      results,
      hashes: new Map(docs.map((d) => [d.file, d.hash])),
      studioLive,
      studioOwned,
    });
    if (treeKept)
      skipped.push({
        file: displayPath(course.file),
        line: 1,
        message:
          "giữ cấu trúc khóa học theo studio (tên, thứ tự chương và bài đã được sửa trong studio): chạy npm run content:export để ghi lại vào content/",
      });
    skipped.push(...(await storeQuizBanks(course)).skipped);
  }
  skipped.push(...(await markRemoved({ courses: checked.courses, studioOwned })));
  await recordFileVersions({ docs, studio, results });

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
  return {
    buildId: build.id,
    total: docs.length,
    compiled,
    unchanged,
    failed,
    problems,
    skipped,
    ms: Date.now() - started,
  };
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
  /** Source of the live studio version, by lesson file: its frontmatter gives the metadata. */
  studioLive: Map<string, string>;
  /** Lessons whose newest version is a studio one: their metadata is never taken from the file. */
  studioOwned: Set<string>;
}) {
  const { course, results, hashes } = options;
  if (!course.meta) return { treeKept: false }; // invalid course.mdx: keep whatever was stored before
  const intro = results.get(course.file);
  // The studio changed this course's tree since the last export: its titles, status and order win.
  const treeEdited = !!(await prisma.course.findUnique({ where: { id: course.slug }, select: { treeEditedAt: true } }))
    ?.treeEditedAt;
  const data = {
    title: course.meta.title,
    description: course.meta.description,
    objectives: JSON.stringify(course.meta.objectives),
    estimatedMinutes: course.meta.estimatedMinutes,
    tags: JSON.stringify(course.meta.tags),
    ...(treeEdited ? {} : { status: course.meta.status }),
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
    create: { id: course.slug, introHtml: "", sourceHash: "", status: course.meta.status, ...data },
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
      const fromFile = {
        title: mod.meta.title,
        description: mod.meta.description,
        status: mod.meta.status,
        position: mod.position,
      };
      const m = {
        courseId: course.slug,
        slug: mod.slug,
        removedAt: null,
        ...(introM ? { introHtml: introM.html, sourceHash: hashes.get(mod.file)! } : {}),
      };
      await prisma.module.upsert({
        where: { id: moduleId },
        update: treeEdited && storedModule ? m : { ...m, ...fromFile },
        create: { id: moduleId, introHtml: "", sourceHash: "", ...m, ...fromFile },
      });
    }
    for (const lesson of mod.lessons) {
      position++;
      const compiled = results.get(lesson.file);
      const stored = existing.get(lesson.id);
      const liveSource = options.studioLive.get(lesson.file);
      const meta0 = liveSource
        ? parseFrontmatter({ source: liveSource, file: lesson.file, schema: LessonFrontmatter }).data
        : lesson.meta;
      if (!meta0 || (!compiled && !stored) || !mod.meta) continue;
      // In a tree the studio edited, a known lesson keeps its module and place from the database.
      const place =
        treeEdited && stored
          ? { position: stored.position, moduleId: stored.moduleId }
          : { position, moduleId: moduleId };
      // Unchanged source in the same place: nothing to write (frontmatter is part of the hash).
      if (
        !compiled &&
        stored &&
        stored.position === place.position &&
        stored.moduleId === place.moduleId &&
        stored.slug === lesson.slug &&
        !stored.removedAt
      )
        continue;
      const owned = options.studioOwned.has(lesson.id) && !liveSource;
      const meta = {
        courseId: course.slug,
        moduleId: place.moduleId,
        slug: lesson.slug,
        // A studio draft never published keeps the metadata of what is live.
        ...(owned
          ? {}
          : {
              title: meta0.title,
              description: meta0.description,
              objectives: JSON.stringify(meta0.objectives),
              estimatedMinutes: meta0.estimatedMinutes,
              tags: JSON.stringify(meta0.tags),
              status: meta0.status,
            }),
        position: place.position,
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
      else if (body)
        await prisma.lesson.create({
          data: {
            id: lesson.id,
            ...meta,
            title: meta0.title,
            description: meta0.description,
            objectives: JSON.stringify(meta0.objectives),
            estimatedMinutes: meta0.estimatedMinutes,
            tags: JSON.stringify(meta0.tags),
            status: meta0.status,
            ...body,
          },
        });
      if (compiled) {
        await prisma.termUsage.deleteMany({ where: { lessonId: lesson.id } });
        const termIds = [...new Set(lesson.facts.termIds.map((t) => t.id))];
        if (termIds.length)
          await prisma.termUsage.createMany({ data: termIds.map((termId) => ({ termId, lessonId: lesson.id })) });
      }
    }
    // Lessons written in the studio and not yet exported come after the module's files.
    const studioOnly = await prisma.lesson.findMany({
      where: { moduleId, createdInStudioAt: { not: null }, id: { notIn: mod.lessons.map((l) => l.id) } },
      orderBy: { position: "asc" },
      select: { id: true, position: true },
    });
    for (const l of studioOnly) {
      position++;
      if (!treeEdited && l.position !== position)
        await prisma.lesson.update({ where: { id: l.id }, data: { position } });
    }
  }
  return { treeKept: treeEdited };
}

/**
 * Every lesson imported from a file gets a version with that file's text whenever it differs
 * from the lesson's newest version, so the studio's history (and its conflict rule) sees files
 * and studio saves side by side. A version built into the lesson row becomes its live version.
 */
async function recordFileVersions(options: {
  docs: Doc[];
  studio: Map<string, StudioState>;
  results: Map<string, CompiledDocument>;
}) {
  const docs = options.docs.filter((d) => d.lessonId && options.studio.get(d.lessonId)?.latestOrigin !== "studio");
  const lessons = await prisma.lesson.findMany({
    where: { id: { in: docs.map((d) => d.lessonId!) } },
    select: {
      id: true,
      sourceHash: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { number: true, source: true } },
    },
  });
  const byId = new Map(lessons.map((l) => [l.id, l]));
  const writes = [];
  for (const doc of docs) {
    const lesson = byId.get(doc.lessonId!);
    if (!lesson || lesson.sourceHash !== doc.hash) continue; // the file did not build: nothing new is live
    const latest = lesson.versions[0];
    if (latest && latest.source === doc.source) continue;
    writes.push(
      prisma.lesson.update({
        where: { id: lesson.id },
        data: {
          publishedVersion: {
            create: {
              lesson: { connect: { id: lesson.id } },
              number: (latest?.number ?? 0) + 1,
              source: doc.source,
              origin: "file",
              note: `content:build ${displayPath(doc.file)}`,
              publishedAt: new Date(),
            },
          },
        },
      }),
    );
  }
  // One transaction: a first build of the whole tree writes its versions in one go.
  if (writes.length) await prisma.$transaction(writes);
}

/**
 * Content no longer on disk is marked removed, never deleted. What the studio owns is not removed
 * by a missing file: courses, modules and lessons created in the studio, and lessons whose newest
 * version is a studio one; those are named in the report, so a deleted export is never silent.
 * A retired lesson or module stays retired whatever the files say (retiring is a database fact).
 */
async function markRemoved(options: { courses: CheckedCourse[]; studioOwned: Set<string> }): Promise<Problem[]> {
  const { courses } = options;
  const now = new Date();
  const courseIds = courses.map((c) => c.slug);
  const moduleIds = courses.flatMap((c) => c.modules.map((m) => `${c.slug}/${m.slug}`));
  const lessonIds = courses.flatMap((c) => c.modules.flatMap((m) => m.lessons.map((l) => l.id)));
  const kept = await prisma.lesson.findMany({
    where: {
      id: { notIn: lessonIds },
      removedAt: null,
      OR: [{ createdInStudioAt: { not: null } }, { id: { in: [...options.studioOwned] } }],
    },
    select: { id: true, sourcePath: true, createdInStudioAt: true },
  });
  await prisma.lesson.updateMany({
    where: { id: { notIn: [...lessonIds, ...kept.map((l) => l.id)] }, removedAt: null },
    data: { removedAt: now },
  });
  await prisma.module.updateMany({
    where: { id: { notIn: moduleIds }, removedAt: null, createdInStudioAt: null },
    data: { removedAt: now },
  });
  await prisma.course.updateMany({
    where: { id: { notIn: courseIds }, removedAt: null, createdInStudioAt: null },
    data: { removedAt: now },
  });
  // A lesson created in the studio may simply not be exported yet: only a lesson that came from a
  // file and now lives in the studio is news when its file goes.
  return kept
    .filter((l) => l.createdInStudioAt === null)
    .map((l) => ({
      file: l.sourcePath,
      line: 1,
      message:
        "tệp không còn trên đĩa nhưng bài thuộc studio: giữ nguyên bài (không ngừng dùng, không xóa); chạy npm run content:export để ghi lại tệp, hoặc ngừng dùng bài trong studio",
    }));
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
