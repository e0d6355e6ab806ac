import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { exportPublishedLessons } from "~/content/export.server";
import { getLessonPage } from "~/courses/catalog.server";
import { prisma } from "~/db.server";
import { lineDiff } from "~/studio/diff.server";
import {
  createStudioLesson,
  latestVersion,
  publishLessonVersion,
  restoreLessonVersion,
  saveLessonVersion,
} from "~/studio/lessons.server";
import { composeDocument, metaFieldsOf, splitDocument } from "~/studio/source.server";

import { lessonSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";

let root: string;
let trainer: { id: string };
const LESSON = "khoa-thu/bai-mot";
const fileOf = () => path.join(root, "courses/khoa-thu/01-chuong-mot/01-bai-mot.mdx");
const learnerPage = (slug = "bai-mot") => getLessonPage({ courseSlug: "khoa-thu", lessonSlug: slug, viewer: null });

beforeAll(async () => {
  root = writeContentFixture({});
  await buildContent({ root });
  trainer = await makeUser({ roles: ["TRAINER"] });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function saveEdit(replace: [string, string], baseVersion?: number) {
  const latest = (await latestVersion(LESSON))!;
  return saveLessonVersion({
    lessonId: LESSON,
    source: latest.source.replace(...replace),
    baseVersion: baseVersion ?? latest.number,
    note: "sửa",
    actor: { id: trainer.id },
  });
}

describe("where content lives", () => {
  test("content:build records each file as the lesson's first, live version", async () => {
    const lesson = await prisma.lesson.findUniqueOrThrow({
      where: { id: LESSON },
      include: { publishedVersion: true },
    });
    expect(lesson.publishedVersion).toMatchObject({ number: 1, origin: "file" });
    expect(lesson.publishedVersion!.source).toBe(fs.readFileSync(fileOf(), "utf8"));
  });

  test("save → publish: learners see the new text only after publish; a stale save is a conflict", async () => {
    const saved = await saveEdit(["Ý chính.", "Ý chính trong studio."]);
    expect(saved.kind).toBe("saved");
    expect((await learnerPage())!.lesson.html).not.toContain("Ý chính trong studio.");
    // A second trainer who opened version 1 saves: nothing is written, both texts come back.
    const stale = await saveEdit(["Đoạn mở đầu", "Mở đầu khác"], 1);
    expect(stale.kind).toBe("conflict");
    if (stale.kind === "conflict") expect(stale.theirs.source).toContain("Ý chính trong studio.");
    expect((await latestVersion(LESSON))!.number).toBe(2);
    if (saved.kind !== "saved") throw new Error("not saved");
    const published = await publishLessonVersion({
      lessonId: LESSON,
      versionId: saved.version.id,
      actor: { id: trainer.id },
    });
    expect(published.ok).toBe(true);
    expect((await learnerPage())!.lesson.html).toContain("Ý chính trong studio.");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "lesson.publish", targetId: LESSON } });
    expect(audit.actorId).toBe(trainer.id);
    expect(JSON.parse(audit.after!)).toMatchObject({ publishedVersion: 2 });
  });

  test("content:build never overwrites a newer studio version, and says so when the file changed", async () => {
    const unchanged = await buildContent({ root });
    expect(unchanged.skipped).toEqual([]);
    expect((await learnerPage())!.lesson.html).toContain("Ý chính trong studio.");
    fs.writeFileSync(fileOf(), fs.readFileSync(fileOf(), "utf8").replace("Ý chính.", "Ý chính sửa trong git."));
    const report = await buildContent({ root, force: true });
    expect(report.skipped).toHaveLength(1);
    expect(report.skipped[0]!.message).toContain("bỏ qua: bài đã được sửa trong studio (phiên bản 2)");
    const html = (await learnerPage())!.lesson.html;
    expect(html).toContain("Ý chính trong studio.");
    expect(html).not.toContain("sửa trong git");
  });

  test("content:export writes the published version back; the file then builds as unchanged", async () => {
    const refused = await exportPublishedLessons({ root: process.cwd() });
    expect(refused.skipped.map((p) => p.file)).toEqual([path.relative(process.cwd(), fileOf())]);
    const forced = await exportPublishedLessons({ root: process.cwd(), force: true });
    expect(forced.written).toContain(path.relative(process.cwd(), fileOf()));
    expect(fs.readFileSync(fileOf(), "utf8")).toContain("Ý chính trong studio.");
    const report = await buildContent({ root });
    expect(report).toMatchObject({ compiled: 0, skipped: [] });
  });

  test("restore saves an old version as a new draft, audited; the live version does not change", async () => {
    const restored = await restoreLessonVersion({ lessonId: LESSON, number: 1, actor: { id: trainer.id } });
    const v1 = await prisma.lessonVersion.findFirstOrThrow({ where: { lessonId: LESSON, number: 1 } });
    expect(restored.number).toBe(3);
    expect((await latestVersion(LESSON))!.source).toBe(v1.source);
    expect((await learnerPage())!.lesson.html).toContain("Ý chính trong studio.");
    expect(await prisma.auditEvent.count({ where: { action: "lesson.restore", targetId: LESSON } })).toBe(1);
  });

  test("a lesson created in the studio is a draft until published and survives content:build", async () => {
    const source = lessonSource({ title: "Bài studio", body: "Nội dung viết trên trình duyệt.\n" });
    const lesson = await createStudioLesson({
      moduleId: "khoa-thu/chuong-mot",
      slug: "bai-studio",
      source,
      actor: { id: trainer.id },
    });
    expect(await learnerPage("bai-studio")).toBeNull();
    const v1 = (await latestVersion(lesson.id))!;
    expect((await publishLessonVersion({ lessonId: lesson.id, versionId: v1.id, actor: trainer })).ok).toBe(true);
    expect((await learnerPage("bai-studio"))!.lesson.html).toContain("Nội dung viết trên trình duyệt.");
    await buildContent({ root });
    const after = await prisma.lesson.findUniqueOrThrow({ where: { id: lesson.id } });
    expect(after.removedAt).toBeNull();
    expect(after.position).toBe(3);
    expect(after.sourcePath).toMatch(/01-chuong-mot\/03-bai-studio\.mdx$/);
  });
});

describe("documents and diffs", () => {
  test("the form's fields over an untouched frontmatter keep its text byte for byte", () => {
    const source = fs.readFileSync(fileOf(), "utf8");
    const { body } = splitDocument(source);
    expect(composeDocument({ source: body, fields: metaFieldsOf(source), baseSource: source })).toBe(source);
    const changed = composeDocument({
      source: body.replace(/\n/g, "\r\n"),
      fields: { ...metaFieldsOf(source), title: "Tên mới" },
      baseSource: source,
    });
    expect(changed).toContain('title: "Tên mới"\n');
    expect(changed).toContain('objectives:\n  - "Nêu được ý chính."\n'); // untouched fields keep their quoting
    expect(changed).not.toContain("\r");
    expect(splitDocument(changed).body).toBe(body);
  });

  test("a line diff numbers both sides", () => {
    expect(lineDiff("a\nb\nc\n", "a\nB\nc\n")).toEqual([
      { kind: "same", text: "a", oldLine: 1, newLine: 1 },
      { kind: "removed", text: "b", oldLine: 2, newLine: null },
      { kind: "added", text: "B", oldLine: null, newLine: 2 },
      { kind: "same", text: "c", oldLine: 3, newLine: 3 },
    ]);
  });
});
