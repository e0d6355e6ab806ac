import { SLUG } from "~/content/tree.server";
import { forgetContentVersion } from "~/content/version.server";
import { prisma } from "~/db.server";
import { recordAudit } from "~/studio/audit.server";
import { DomainError, isUniqueViolation } from "~/utils/errors";

/**
 * The course tree in the studio: create a course and its modules, rename, reorder and retire
 * modules, reorder lessons and move them between modules of a course. Nothing is ever deleted.
 * Every change marks the course `treeEditedAt`, so content:build keeps the studio's titles and
 * order instead of the folders' until content:export writes the tree back into content/.
 */

type Actor = { id: string; ip?: string };
type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];
export type Direction = "up" | "down";

const SLUG_MESSAGE = "Địa chỉ chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ dan-van-co-so).";

/**
 * Lesson positions are the course's teaching order (module order, then order in the module):
 * after any move they are renumbered 1…n in one pass, so prev/next links and progress follow.
 */
async function renumberLessons(tx: Tx, courseId: string) {
  const lessons = await tx.lesson.findMany({
    where: { courseId },
    select: { id: true, position: true, module: { select: { position: true } } },
  });
  lessons.sort((a, b) => a.module.position - b.module.position || a.position - b.position);
  for (const [i, l] of lessons.entries())
    if (l.position !== i + 1) await tx.lesson.update({ where: { id: l.id }, data: { position: i + 1 } });
}

/** The tree changed: builds keep it, and page caches move on (a zero-document ContentBuild). */
async function treeChanged(tx: Tx, courseId: string) {
  await tx.course.update({ where: { id: courseId }, data: { treeEditedAt: new Date() } });
  await tx.contentBuild.create({ data: { finishedAt: new Date(), total: 0, problems: "[]" } });
}

async function audit(options: {
  actor: Actor;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}) {
  forgetContentVersion();
  await recordAudit({ actorId: options.actor.id, ip: options.actor.ip, ...options });
}

async function findModule(moduleId: string) {
  const mod = await prisma.module.findFirst({ where: { id: moduleId, removedAt: null } });
  if (!mod) throw new DomainError("Không tìm thấy chương.", { status: 404 });
  return mod;
}

export type NewCourse = {
  slug: string;
  title: string;
  description: string;
  audience: string;
  hours: number;
  estimatedMinutes: number;
  objectives: string[];
};

/**
 * A course written in the studio: a draft (invisible to learners until published), after the
 * existing courses, with the default completion rule (all lessons, module quizzes, final exam
 * where they exist). Its folder is written by content:export.
 */
export async function createCourse(options: NewCourse & { actor: Actor }) {
  if (!SLUG.test(options.slug)) throw new DomainError(SLUG_MESSAGE, { field: "slug" });
  const taken = await prisma.course.findUnique({ where: { id: options.slug }, select: { id: true } });
  if (taken) throw new DomainError("Địa chỉ này đã có khóa học khác dùng, hãy chọn địa chỉ khác.", { field: "slug" });
  const last = await prisma.course.aggregate({ _max: { position: true } });
  const now = new Date();
  try {
    const course = await prisma.course.create({
      data: {
        id: options.slug,
        title: options.title,
        description: options.description,
        objectives: JSON.stringify(options.objectives),
        estimatedMinutes: options.estimatedMinutes,
        tags: "[]",
        status: "draft",
        audience: options.audience,
        hours: options.hours,
        version: 1,
        completionRule: JSON.stringify({ lessons: "all", moduleQuizzes: "pass", finalExam: "pass" }),
        introHtml: "",
        sourceHash: "",
        position: (last._max.position ?? 0) + 1,
        createdInStudioAt: now,
        treeEditedAt: now,
      },
    });
    await prisma.contentBuild.create({ data: { finishedAt: now, total: 0, problems: "[]" } });
    await audit({
      actor: options.actor,
      action: "course.create",
      target: { type: "course", id: course.id },
      after: { title: course.title, status: course.status },
    });
    return course;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("Địa chỉ này đã có khóa học khác dùng, hãy chọn địa chỉ khác.", { field: "slug" });
    throw error;
  }
}

/** Publishing a course shows it in the catalogue; a course without a published lesson cannot be. */
export async function setCourseStatus(options: { courseId: string; status: "draft" | "published"; actor: Actor }) {
  const course = await prisma.course.findFirst({ where: { id: options.courseId, removedAt: null } });
  if (!course) throw new DomainError("Không tìm thấy khóa học.", { status: 404 });
  if (options.status === "published") {
    const live = await prisma.lesson.count({
      where: {
        courseId: course.id,
        status: "published",
        removedAt: null,
        retiredAt: null,
        module: { removedAt: null, retiredAt: null, status: "published" },
      },
    });
    if (!live)
      throw new DomainError("Khóa học chưa có bài học nào đã xuất bản: hãy xuất bản ít nhất một bài trước.", {
        status: 409,
      });
  }
  await prisma.$transaction(async (tx) => {
    await tx.course.update({ where: { id: course.id }, data: { status: options.status } });
    await treeChanged(tx, course.id);
  });
  await audit({
    actor: options.actor,
    action: options.status === "published" ? "course.publish" : "course.unpublish",
    target: { type: "course", id: course.id },
    before: { status: course.status },
    after: { status: options.status },
  });
}

/**
 * A module written in the studio, at the end of its course. It is "published" from the start:
 * learners still see nothing of it until one of its lessons is published.
 */
export async function createModule(options: {
  courseId: string;
  slug: string;
  title: string;
  description: string;
  actor: Actor;
}) {
  const course = await prisma.course.findFirst({ where: { id: options.courseId, removedAt: null } });
  if (!course) throw new DomainError("Không tìm thấy khóa học.", { status: 404 });
  if (!SLUG.test(options.slug)) throw new DomainError(SLUG_MESSAGE, { field: "slug" });
  const id = `${course.id}/${options.slug}`;
  if (await prisma.module.findUnique({ where: { id }, select: { id: true } }))
    throw new DomainError("Khóa học đã có chương dùng địa chỉ này, hãy chọn địa chỉ khác.", { field: "slug" });
  const last = await prisma.module.aggregate({ where: { courseId: course.id }, _max: { position: true } });
  try {
    const mod = await prisma.$transaction(async (tx) => {
      const created = await tx.module.create({
        data: {
          id,
          courseId: course.id,
          slug: options.slug,
          title: options.title,
          description: options.description,
          status: "published",
          position: (last._max.position ?? 0) + 1,
          introHtml: "",
          sourceHash: "",
          createdInStudioAt: new Date(),
        },
      });
      await treeChanged(tx, course.id);
      return created;
    });
    await audit({
      actor: options.actor,
      action: "module.create",
      target: { type: "module", id: mod.id },
      after: { title: mod.title, position: mod.position },
    });
    return mod;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("Khóa học đã có chương dùng địa chỉ này, hãy chọn địa chỉ khác.", { field: "slug" });
    throw error;
  }
}

/** Renaming changes the title (and description) only: the slug is the module's id. */
export async function renameModule(options: { moduleId: string; title: string; description?: string; actor: Actor }) {
  const mod = await findModule(options.moduleId);
  const description = options.description?.trim() ? options.description.trim() : mod.description;
  await prisma.$transaction(async (tx) => {
    await tx.module.update({ where: { id: mod.id }, data: { title: options.title, description } });
    await treeChanged(tx, mod.courseId);
  });
  await audit({
    actor: options.actor,
    action: "module.rename",
    target: { type: "module", id: mod.id },
    before: { title: mod.title, description: mod.description },
    after: { title: options.title, description },
  });
}

/** Swaps a module with its neighbour (retired modules count: they keep their place). */
export async function moveModule(options: { moduleId: string; direction: Direction; actor: Actor }) {
  const mod = await findModule(options.moduleId);
  const siblings = await prisma.module.findMany({
    where: { courseId: mod.courseId, removedAt: null },
    orderBy: { position: "asc" },
    select: { id: true, position: true },
  });
  const index = siblings.findIndex((m) => m.id === mod.id);
  const other = siblings[options.direction === "up" ? index - 1 : index + 1];
  if (!other)
    throw new DomainError(options.direction === "up" ? "Chương đã ở đầu khóa học." : "Chương đã ở cuối khóa học.", {
      status: 409,
    });
  // Positions are renumbered 1…n with the two swapped, so equal positions from old data cannot stall a move.
  const order = siblings.map((m) => m.id);
  order[index] = other.id;
  order[siblings.indexOf(other)] = mod.id;
  await prisma.$transaction(async (tx) => {
    for (const [i, id] of order.entries()) await tx.module.update({ where: { id }, data: { position: i + 1 } });
    await renumberLessons(tx, mod.courseId);
    await treeChanged(tx, mod.courseId);
  });
  await audit({
    actor: options.actor,
    action: "module.move",
    target: { type: "module", id: mod.id },
    before: { order: siblings.map((m) => m.id) },
    after: { order },
  });
}

/**
 * Retire (never delete): the module, its lessons and its quiz leave learners' pages and no longer
 * count for course completion; progress, attempts, completions and certificates stay.
 */
export async function setModuleRetired(options: { moduleId: string; retired: boolean; actor: Actor }) {
  const mod = await findModule(options.moduleId);
  await prisma.$transaction(async (tx) => {
    await tx.module.update({ where: { id: mod.id }, data: { retiredAt: options.retired ? new Date() : null } });
    await treeChanged(tx, mod.courseId);
  });
  await audit({
    actor: options.actor,
    action: options.retired ? "module.retire" : "module.unretire",
    target: { type: "module", id: mod.id },
    before: { retired: !!mod.retiredAt },
    after: { retired: options.retired },
  });
}

async function findLesson(lessonId: string) {
  const lesson = await prisma.lesson.findFirst({
    where: { id: lessonId, removedAt: null },
    select: { id: true, courseId: true, moduleId: true, position: true },
  });
  if (!lesson) throw new DomainError("Không tìm thấy bài học.", { status: 404 });
  return lesson;
}

/** Swaps a lesson with its neighbour in the module. */
export async function moveLesson(options: { lessonId: string; direction: Direction; actor: Actor }) {
  const lesson = await findLesson(options.lessonId);
  const siblings = await prisma.lesson.findMany({
    where: { moduleId: lesson.moduleId, removedAt: null },
    orderBy: { position: "asc" },
    select: { id: true, position: true },
  });
  const index = siblings.findIndex((l) => l.id === lesson.id);
  const other = siblings[options.direction === "up" ? index - 1 : index + 1];
  if (!other)
    throw new DomainError(options.direction === "up" ? "Bài đã ở đầu chương." : "Bài đã ở cuối chương.", {
      status: 409,
    });
  await prisma.$transaction(async (tx) => {
    // Swap, then renumber: positions stay a strict teaching order even if two were equal.
    await tx.lesson.update({ where: { id: lesson.id }, data: { position: other.position } });
    await tx.lesson.update({ where: { id: other.id }, data: { position: lesson.position } });
    if (other.position === lesson.position)
      await tx.lesson.update({
        where: { id: lesson.id },
        data: { position: lesson.position + (options.direction === "up" ? -1 : 1) },
      });
    await renumberLessons(tx, lesson.courseId);
    await treeChanged(tx, lesson.courseId);
  });
  await audit({
    actor: options.actor,
    action: "lesson.move",
    target: { type: "lesson", id: lesson.id },
    before: { order: siblings.map((l) => l.id) },
    after: { direction: options.direction, swappedWith: other.id },
  });
}

/**
 * Moves a lesson to the end of another module of the same course. Its id (and so everyone's
 * progress) does not change; content:export moves its file into the module's folder.
 */
export async function moveLessonToModule(options: { lessonId: string; moduleId: string; actor: Actor }) {
  const lesson = await findLesson(options.lessonId);
  const target = await prisma.module.findFirst({
    where: { id: options.moduleId, courseId: lesson.courseId, removedAt: null },
    select: { id: true, courseId: true },
  });
  if (!target) throw new DomainError("Chỉ chuyển được bài sang một chương của cùng khóa học.", { field: "moduleId" });
  if (target.id === lesson.moduleId) throw new DomainError("Bài đã ở chương này.", { field: "moduleId" });
  await prisma.$transaction(async (tx) => {
    const last = await tx.lesson.aggregate({ where: { moduleId: target.id }, _max: { position: true } });
    const max = (await tx.lesson.aggregate({ where: { courseId: lesson.courseId }, _max: { position: true } }))._max
      .position;
    // Past every lesson of the target module (and, for an empty module, past every lesson): renumbering sorts by module first.
    await tx.lesson.update({
      where: { id: lesson.id },
      data: { moduleId: target.id, position: (last._max.position ?? max ?? 0) + 1 },
    });
    await renumberLessons(tx, lesson.courseId);
    await treeChanged(tx, lesson.courseId);
  });
  await audit({
    actor: options.actor,
    action: "lesson.move",
    target: { type: "lesson", id: lesson.id },
    before: { moduleId: lesson.moduleId },
    after: { moduleId: target.id },
  });
}
