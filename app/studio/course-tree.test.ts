import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { exportPublishedLessons } from "~/content/export.server";
import { getCourseOutline, getLessonPage, listCourses } from "~/courses/catalog.server";
import { prisma } from "~/db.server";
import { completeLesson, getCourseState } from "~/progress/progress.server";
import {
  createCourse,
  createModule,
  moveLesson,
  moveLessonToModule,
  moveModule,
  renameModule,
  setCourseStatus,
  setModuleRetired,
} from "~/studio/course-tree.server";
import { createStudioLesson, latestVersion, publishLessonVersion } from "~/studio/lessons.server";
import { DomainError } from "~/utils/errors";

import { lessonSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";

let root: string;
let trainer: { id: string };
const COURSE = "khoa-thu";
const order = async () =>
  (await prisma.lesson.findMany({ where: { courseId: COURSE }, orderBy: { position: "asc" } })).map((l) => l.slug);

beforeAll(async () => {
  root = writeContentFixture({
    "courses/khoa-thu/02-chuong-hai/module.mdx": `---\ntitle: "Chương hai"\ndescription: "Chương sau."\nstatus: published\n---\n\nGiới thiệu.\n`,
    "courses/khoa-thu/02-chuong-hai/01-bai-ba.mdx": lessonSource({ title: "Bài ba" }),
  });
  await buildContent({ root });
  trainer = await makeUser({ roles: ["TRAINER"] });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("course tree in the studio", () => {
  test("reorder lessons and modules: the course's teaching order follows, audited", async () => {
    expect(await order()).toEqual(["bai-mot", "bai-hai", "bai-ba"]);
    await moveLesson({ lessonId: `${COURSE}/bai-hai`, direction: "up", actor: trainer });
    expect(await order()).toEqual(["bai-hai", "bai-mot", "bai-ba"]);
    await moveModule({ moduleId: `${COURSE}/chuong-hai`, direction: "up", actor: trainer });
    expect(await order()).toEqual(["bai-ba", "bai-hai", "bai-mot"]);
    await expect(moveModule({ moduleId: `${COURSE}/chuong-hai`, direction: "up", actor: trainer })).rejects.toThrow(
      DomainError,
    );
    expect(await prisma.auditEvent.count({ where: { action: { in: ["lesson.move", "module.move"] } } })).toBe(2);
    const page = await getLessonPage({ courseSlug: COURSE, lessonSlug: "bai-hai", viewer: null });
    expect(page!.previous?.slug).toBe("bai-ba");
  });

  test("content:build keeps the studio's order and titles, and says so", async () => {
    await renameModule({ moduleId: `${COURSE}/chuong-mot`, title: "Chương một (mới)", actor: trainer });
    const report = await buildContent({ root, force: true });
    expect(await order()).toEqual(["bai-ba", "bai-hai", "bai-mot"]);
    const mod = await prisma.module.findUniqueOrThrow({ where: { id: `${COURSE}/chuong-mot` } });
    expect(mod.title).toBe("Chương một (mới)");
    expect(report.skipped.map((p) => p.message).join("\n")).toContain("giữ cấu trúc khóa học theo studio");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "module.rename" } });
    expect(JSON.parse(audit.before!)).toMatchObject({ title: "Chương một" });
  });

  test("content:export writes folders, numbers and titles; the next build changes nothing", async () => {
    const result = await exportPublishedLessons({ root: process.cwd(), contentRoot: root });
    const courseDir = path.join(root, "courses", COURSE);
    expect(fs.readdirSync(courseDir).sort()).toEqual(["01-chuong-hai", "02-chuong-mot", "course.mdx"]);
    expect(fs.readdirSync(path.join(courseDir, "02-chuong-mot")).sort()).toEqual([
      "01-bai-hai.mdx",
      "02-bai-mot.mdx",
      "module.mdx",
    ]);
    expect(fs.readFileSync(path.join(courseDir, "02-chuong-mot/module.mdx"), "utf8")).toContain(
      'title: "Chương một (mới)"\ndescription: "Chương đầu."',
    );
    expect(result.written.length).toBeGreaterThan(0);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: COURSE } })).treeEditedAt).toBeNull();
    const report = await buildContent({ root });
    expect(report.skipped).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(await order()).toEqual(["bai-ba", "bai-hai", "bai-mot"]);
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: `${COURSE}/bai-mot` } });
    expect(lesson.sourcePath).toMatch(/02-chuong-mot\/02-bai-mot\.mdx$/);
    expect(lesson.removedAt).toBeNull();
  });

  test("move a lesson to another module keeps its id and progress", async () => {
    const learner = await makeUser();
    await completeLesson({ userId: learner.id, lessonId: `${COURSE}/bai-mot`, courseId: COURSE });
    await moveLessonToModule({ lessonId: `${COURSE}/bai-mot`, moduleId: `${COURSE}/chuong-hai`, actor: trainer });
    expect(await order()).toEqual(["bai-ba", "bai-mot", "bai-hai"]);
    const state = await getCourseState({ userId: learner.id, courseId: COURSE });
    expect(state!.lessons.find((l) => l.id === `${COURSE}/bai-mot`)).toMatchObject({ completed: true });
    await expect(
      moveLessonToModule({ lessonId: `${COURSE}/bai-mot`, moduleId: "khac/chuong", actor: trainer }),
    ).rejects.toThrow(DomainError);
  });

  test("a retired module leaves learners' pages and completion; progress stays; unretire brings it back", async () => {
    const learner = await makeUser();
    await completeLesson({ userId: learner.id, lessonId: `${COURSE}/bai-hai`, courseId: COURSE });
    await setModuleRetired({ moduleId: `${COURSE}/chuong-mot`, retired: true, actor: trainer });
    const outline = await getCourseOutline({ courseSlug: COURSE, viewer: null });
    expect(outline!.modules.map((m) => m.id)).toEqual([`${COURSE}/chuong-hai`]);
    expect(await getLessonPage({ courseSlug: COURSE, lessonSlug: "bai-hai", viewer: null })).toBeNull();
    const state = await getCourseState({ userId: learner.id, courseId: COURSE });
    expect(state!.lessons.map((l) => l.slug)).toEqual(["bai-ba", "bai-mot"]);
    await buildContent({ root, force: true });
    expect((await prisma.module.findUniqueOrThrow({ where: { id: `${COURSE}/chuong-mot` } })).retiredAt).not.toBeNull();
    await setModuleRetired({ moduleId: `${COURSE}/chuong-mot`, retired: false, actor: trainer });
    const back = await getCourseState({ userId: learner.id, courseId: COURSE });
    expect(back!.lessons.find((l) => l.slug === "bai-hai")).toMatchObject({ completed: true });
    expect(await prisma.auditEvent.count({ where: { action: { in: ["module.retire", "module.unretire"] } } })).toBe(2);
  });

  test("a new course is a draft until published; its module and lesson survive content:build", async () => {
    const course = await createCourse({
      slug: "khoa-moi",
      title: "Khóa mới",
      description: "Khóa học tạo trong studio.",
      audience: "Cán bộ cơ sở",
      hours: 2,
      estimatedMinutes: 60,
      objectives: ["Làm được việc mới."],
      actor: trainer,
    });
    await expect(
      createCourse({ ...course, slug: "khoa-moi", objectives: [], actor: trainer, hours: 1, estimatedMinutes: 1 }),
    ).rejects.toThrow(DomainError);
    expect((await listCourses(null)).map((c) => c.id)).not.toContain("khoa-moi");
    await expect(setCourseStatus({ courseId: "khoa-moi", status: "published", actor: trainer })).rejects.toThrow(
      /chưa có bài học/,
    );
    const mod = await createModule({
      courseId: "khoa-moi",
      slug: "chuong-dau",
      title: "Chương đầu",
      description: "Mở đầu.",
      actor: trainer,
    });
    const lesson = await createStudioLesson({
      moduleId: mod.id,
      slug: "bai-dau",
      source: lessonSource({ title: "Bài đầu", body: "Nội dung khóa mới.\n" }),
      actor: trainer,
    });
    const v1 = (await latestVersion(lesson.id))!;
    expect((await publishLessonVersion({ lessonId: lesson.id, versionId: v1.id, actor: trainer })).ok).toBe(true);
    await setCourseStatus({ courseId: "khoa-moi", status: "published", actor: trainer });
    expect((await listCourses(null)).find((c) => c.id === "khoa-moi")).toMatchObject({ lessonCount: 1 });
    await buildContent({ root });
    const after = await prisma.course.findUniqueOrThrow({ where: { id: "khoa-moi" }, include: { modules: true } });
    expect(after.removedAt).toBeNull();
    expect(after.modules[0]!.removedAt).toBeNull();
    expect(await prisma.auditEvent.count({ where: { targetId: "khoa-moi", action: "course.create" } })).toBe(1);
  });

  test("an exported studio course builds from its files; deleting a file neither retires nor resurrects", async () => {
    await exportPublishedLessons({ root: process.cwd(), contentRoot: root });
    const file = path.join(root, "courses/khoa-moi/01-chuong-dau/01-bai-dau.mdx");
    expect(fs.readFileSync(file, "utf8")).toContain("Nội dung khóa mới.");
    expect(fs.readFileSync(path.join(root, "courses/khoa-moi/course.mdx"), "utf8")).toContain("status: published");
    const report = await buildContent({ root });
    expect(report.problems).toEqual([]);
    fs.rmSync(file);
    await buildContent({ root });
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: "khoa-moi/bai-dau" } });
    expect(lesson).toMatchObject({ removedAt: null, retiredAt: null });
    // A file lesson now owned by the studio: its deleted file is reported, the lesson kept.
    await prisma.lessonVersion.create({
      data: { lessonId: `${COURSE}/bai-ba`, number: 99, source: "x", origin: "studio", authorId: trainer.id },
    });
    const retired = await prisma.lesson.update({ where: { id: `${COURSE}/bai-mot` }, data: { retiredAt: new Date() } });
    fs.rmSync(path.join(root, "courses/khoa-thu/01-chuong-hai/01-bai-ba.mdx"));
    const gone = await buildContent({ root });
    expect(gone.skipped.map((p) => p.message).join("\n")).toContain("tệp không còn trên đĩa nhưng bài thuộc studio");
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: `${COURSE}/bai-ba` } })).removedAt).toBeNull();
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: retired.id } })).retiredAt).not.toBeNull();
  });
});
