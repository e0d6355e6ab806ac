import path from "node:path";

import { assetBaseFor } from "~/content/build.server";
import { checkLessonSource } from "~/content/check.server";
import { type CompiledDocument, compileMdx, ContentCompileError, sourceHash } from "~/content/compile.server";
import type { Problem } from "~/content/frontmatter.server";
import { compileQueue } from "~/content/queue.server";
import { CONTENT_DIR, SLUG } from "~/content/tree.server";
import { forgetContentVersion } from "~/content/version.server";
import { prisma } from "~/db.server";
import { recordAudit } from "~/studio/audit.server";
import { usableMediaUrls } from "~/studio/media.server";
import { DomainError, isUniqueViolation } from "~/utils/errors";

/**
 * Lessons in the studio. Every save is a LessonVersion; publishing checks and compiles a version
 * through the same allow-list and compiler as content:build, ahead of time, and then writes the
 * lesson row (HTML, text, metadata, pointer to the version) in one transaction: learners never
 * wait for a compile and never see a half-saved lesson.
 */

/** Larger documents are refused before parsing: the compiler runs in-process. */
export const MAX_SOURCE_BYTES = 200_000;

type Actor = { id: string; ip?: string };

export async function findStudioLesson(options: { courseId: string; slug: string }) {
  const lesson = await prisma.lesson.findFirst({
    where: { courseId: options.courseId, slug: options.slug },
    include: {
      module: { select: { id: true, title: true } },
      course: { select: { id: true, title: true } },
      publishedVersion: { select: { id: true, number: true } },
    },
  });
  if (!lesson) return null;
  const latest = await latestVersion(lesson.id);
  return { lesson, latest };
}

export async function latestVersion(lessonId: string) {
  return prisma.lessonVersion.findFirst({
    where: { lessonId },
    orderBy: { number: "desc" },
    include: { author: { select: { fullName: true } } },
  });
}

export type PreviewResult = { ok: true; html: string; problems: [] } | { ok: false; problems: Problem[] };

/**
 * Checks and renders a document exactly as content:build would: the studio's preview and the
 * gate of publish. Problems carry the line and column in the document.
 */
export async function renderLessonSource(options: {
  source: string;
  lesson: { courseId: string; sourcePath: string };
}): Promise<PreviewResult & { compiled?: CompiledDocument; checked?: ReturnType<typeof checkLessonSource> }> {
  const file = options.lesson.sourcePath;
  if (Buffer.byteLength(options.source) > MAX_SOURCE_BYTES)
    return {
      ok: false,
      problems: [{ file, line: 1, message: `bài học dài quá ${MAX_SOURCE_BYTES / 1000} KB: hãy chia thành nhiều bài` }],
    };
  const terms = await prisma.glossaryTerm.findMany({ select: { id: true } });
  const checked = checkLessonSource({
    source: options.source,
    file,
    termIds: new Set(terms.map((t) => t.id)),
    mediaUrls: await usableMediaUrls(options.lesson.courseId),
  });
  if (checked.problems.length) return { ok: false, problems: checked.problems };
  try {
    const compiled = await compileQueue.run(() =>
      compileMdx({
        source: options.source,
        file,
        assetBase: assetBaseFor({
          courseDir: path.join(CONTENT_DIR, "courses", options.lesson.courseId),
          file: path.resolve(file),
        }),
      }),
    );
    return { ok: true, html: compiled.html, problems: [], compiled, checked };
  } catch (error) {
    if (error instanceof ContentCompileError) return { ok: false, problems: error.problems };
    // esbuild wraps errors from plugins in a string: keep the first line, never a stack trace.
    const message = String((error as Error).message ?? error).split("\n")[0]!;
    return { ok: false, problems: [{ file, line: 1, message: `không biên dịch được: ${message}` }] };
  }
}

export type SaveResult =
  | { kind: "saved"; version: { id: number; number: number } }
  | { kind: "unchanged"; version: { id: number; number: number } }
  | { kind: "conflict"; theirs: { number: number; source: string; author: string; createdAt: Date } };

/**
 * Saves a document as the lesson's next version, unless someone saved after `baseVersion` (the
 * version the editor started from): then nothing is written and the caller shows both.
 */
export async function saveLessonVersion(options: {
  lessonId: string;
  source: string;
  baseVersion: number;
  note: string;
  actor: Actor;
}): Promise<SaveResult> {
  if (Buffer.byteLength(options.source) > MAX_SOURCE_BYTES)
    throw new DomainError(`Bài học dài quá ${MAX_SOURCE_BYTES / 1000} KB: hãy chia thành nhiều bài.`, {
      field: "source",
      status: 413,
    });
  const latest = await latestVersion(options.lessonId);
  const latestNumber = latest?.number ?? 0;
  const conflict = (): SaveResult => ({
    kind: "conflict",
    theirs: {
      number: latest!.number,
      source: latest!.source,
      author: latest!.author?.fullName ?? "tệp content/",
      createdAt: latest!.createdAt,
    },
  });
  if (latest && options.baseVersion !== latestNumber) {
    if (latest.source === options.source) return { kind: "unchanged", version: latest };
    return conflict();
  }
  if (latest && latest.source === options.source) return { kind: "unchanged", version: latest };
  try {
    const version = await prisma.lessonVersion.create({
      data: {
        lessonId: options.lessonId,
        number: latestNumber + 1,
        source: options.source,
        origin: "studio",
        authorId: options.actor.id,
        note: options.note,
      },
    });
    return { kind: "saved", version };
  } catch (error) {
    // Two saves from the same base at the same moment: the second one is a conflict, like above.
    if (isUniqueViolation(error)) {
      const now = await latestVersion(options.lessonId);
      return {
        kind: "conflict",
        theirs: {
          number: now!.number,
          source: now!.source,
          author: now!.author?.fullName ?? "tệp content/",
          createdAt: now!.createdAt,
        },
      };
    }
    throw error;
  }
}

/**
 * Makes a saved version live: compiles it (nothing changes if it does not pass), then writes the
 * lesson row, the term usages and the version pointer in one transaction, records a content build
 * so page caches move on, and audits who published what.
 */
export async function publishLessonVersion(options: { lessonId: string; versionId: number; actor: Actor }) {
  const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: options.lessonId } });
  const version = await prisma.lessonVersion.findFirst({ where: { id: options.versionId, lessonId: lesson.id } });
  if (!version) throw new DomainError("Không tìm thấy phiên bản.", { status: 404 });
  const rendered = await renderLessonSource({ source: version.source, lesson });
  if (!rendered.ok || !rendered.compiled || !rendered.checked?.meta)
    return { ok: false as const, problems: rendered.problems };
  const { compiled } = rendered;
  const { meta, facts } = rendered.checked;
  const before = await snapshot(lesson.id);
  await prisma.$transaction(async (tx) => {
    await tx.lesson.update({
      where: { id: lesson.id },
      data: {
        title: meta.title,
        description: meta.description,
        objectives: JSON.stringify(meta.objectives),
        estimatedMinutes: meta.estimatedMinutes,
        tags: JSON.stringify(meta.tags),
        status: meta.status,
        sourceHash: sourceHash(version.source),
        html: compiled.html,
        headings: JSON.stringify(compiled.headings),
        plainText: compiled.text,
        wordCount: compiled.wordCount,
        builtAt: new Date(),
        publishedVersionId: version.id,
      },
    });
    if (!version.publishedAt)
      await tx.lessonVersion.update({ where: { id: version.id }, data: { publishedAt: new Date() } });
    await tx.termUsage.deleteMany({ where: { lessonId: lesson.id } });
    const termIds = [...new Set(facts.termIds.map((t) => t.id))];
    if (termIds.length)
      await tx.termUsage.createMany({ data: termIds.map((termId) => ({ termId, lessonId: lesson.id })) });
    // A one-document build: page caches and the search index are keyed by the latest build.
    await tx.contentBuild.create({
      data: { finishedAt: new Date(), total: 1, compiled: 1, problems: "[]" },
    });
  });
  forgetContentVersion();
  await recordAudit({
    actorId: options.actor.id,
    action: "lesson.publish",
    target: { type: "lesson", id: lesson.id },
    before,
    after: await snapshot(lesson.id),
    ip: options.actor.ip,
  });
  return { ok: true as const, version };
}

async function snapshot(lessonId: string) {
  const l = await prisma.lesson.findUniqueOrThrow({
    where: { id: lessonId },
    select: {
      title: true,
      status: true,
      removedAt: true,
      retiredAt: true,
      publishedVersion: { select: { number: true } },
    },
  });
  return {
    title: l.title,
    status: l.status,
    retired: !!l.retiredAt,
    removed: !!l.removedAt,
    publishedVersion: l.publishedVersion?.number ?? null,
  };
}

export async function listVersions(lessonId: string) {
  return prisma.lessonVersion.findMany({
    where: { lessonId },
    orderBy: { number: "desc" },
    select: {
      id: true,
      number: true,
      origin: true,
      note: true,
      createdAt: true,
      publishedAt: true,
      author: { select: { fullName: true } },
    },
  });
}

export async function getVersion(options: { lessonId: string; number: number }) {
  const version = await prisma.lessonVersion.findUnique({
    where: { lessonId_number: { lessonId: options.lessonId, number: options.number } },
    include: { author: { select: { fullName: true } } },
  });
  if (!version) throw new DomainError(`Không có phiên bản ${options.number}.`, { status: 404 });
  return version;
}

/** An old version's text saved again as the newest draft; the live version does not change. */
export async function restoreLessonVersion(options: { lessonId: string; number: number; actor: Actor }) {
  const old = await getVersion(options);
  const latest = await latestVersion(options.lessonId);
  const result = await saveLessonVersion({
    lessonId: options.lessonId,
    source: old.source,
    baseVersion: latest?.number ?? 0,
    note: `Khôi phục phiên bản ${old.number}`,
    actor: options.actor,
  });
  if (result.kind === "conflict") throw new DomainError("Có người vừa lưu bài này, hãy thử lại.", { status: 409 });
  await recordAudit({
    actorId: options.actor.id,
    action: "lesson.restore",
    target: { type: "lesson", id: options.lessonId },
    before: { latestVersion: latest?.number ?? null },
    after: { restoredFrom: old.number, newVersion: result.version.number },
    ip: options.actor.ip,
  });
  return result.version;
}

/** Retire (never delete): the lesson leaves learners' pages; its row, versions and progress stay. */
export async function setLessonRetired(options: { lessonId: string; retired: boolean; actor: Actor }) {
  const before = await snapshot(options.lessonId);
  await prisma.lesson.update({
    where: { id: options.lessonId },
    data: { retiredAt: options.retired ? new Date() : null },
  });
  await prisma.contentBuild.create({ data: { finishedAt: new Date(), total: 0, problems: "[]" } });
  forgetContentVersion();
  await recordAudit({
    actorId: options.actor.id,
    action: options.retired ? "lesson.retire" : "lesson.unretire",
    target: { type: "lesson", id: options.lessonId },
    before,
    after: await snapshot(options.lessonId),
    ip: options.actor.ip,
  });
}

/**
 * A new lesson written in the studio: a lesson row (a draft, invisible to learners until a
 * version is published) at the end of its module, and the first version. Its file name is where
 * content:export will write it.
 */
export async function createStudioLesson(options: { moduleId: string; slug: string; source: string; actor: Actor }) {
  const mod = await prisma.module.findFirst({ where: { id: options.moduleId, removedAt: null } });
  if (!mod) throw new DomainError("Không tìm thấy chương.", { status: 404 });
  if (!SLUG.test(options.slug))
    throw new DomainError("Địa chỉ bài học chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ lang-nghe-dan).", {
      field: "slug",
    });
  const id = `${mod.courseId}/${options.slug}`;
  const taken = await prisma.lesson.findFirst({
    where: { OR: [{ id }, { courseId: mod.courseId, slug: options.slug }] },
    select: { id: true },
  });
  if (taken) throw new DomainError("Địa chỉ này đã có bài học khác dùng, hãy chọn địa chỉ khác.", { field: "slug" });
  const siblings = await prisma.lesson.findMany({
    where: { moduleId: mod.id },
    select: { position: true, sourcePath: true },
  });
  const fileNumber =
    Math.max(0, ...siblings.map((l) => Number(/(\d{2})-[^/]+\.mdx$/.exec(l.sourcePath)?.[1] ?? 0))) + 1;
  const lastPosition = Math.max(
    (
      await prisma.lesson.aggregate({
        where: { courseId: mod.courseId, module: { position: { lte: mod.position } } },
        _max: { position: true },
      })
    )._max.position ?? 0,
    ...siblings.map((l) => l.position),
  );
  const moduleDir = `${String(mod.position).padStart(2, "0")}-${mod.slug}`;
  const sourcePath = path.relative(
    process.cwd(),
    path.join(
      CONTENT_DIR,
      "courses",
      mod.courseId,
      moduleDir,
      `${String(fileNumber).padStart(2, "0")}-${options.slug}.mdx`,
    ),
  );
  try {
    return await prisma.$transaction(async (tx) => {
      // Lessons after this module move down one place: positions are the course's teaching order.
      await tx.lesson.updateMany({
        where: { courseId: mod.courseId, position: { gt: lastPosition } },
        data: { position: { increment: 1 } },
      });
      const lesson = await tx.lesson.create({
        data: {
          id,
          courseId: mod.courseId,
          moduleId: mod.id,
          slug: options.slug,
          title: metaTitle(options.source) || options.slug,
          description: "",
          objectives: "[]",
          estimatedMinutes: 10,
          tags: "[]",
          status: "draft",
          position: lastPosition + 1,
          sourcePath,
          sourceHash: "",
          html: "",
          headings: "[]",
          plainText: "",
          wordCount: 0,
          builtAt: new Date(),
          createdInStudioAt: new Date(),
        },
      });
      await tx.lessonVersion.create({
        data: {
          lessonId: lesson.id,
          number: 1,
          source: options.source,
          origin: "studio",
          authorId: options.actor.id,
          note: "Tạo bài học",
        },
      });
      return lesson;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("Địa chỉ này đã có bài học khác dùng, hãy chọn địa chỉ khác.", { field: "slug" });
    throw error;
  }
}

function metaTitle(source: string) {
  return /^title:\s*"?(.*?)"?\s*$/m.exec(source)?.[1] ?? "";
}
