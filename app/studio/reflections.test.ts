import fs from "node:fs";

import { afterAll, beforeAll, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { getLessonPage } from "~/courses/catalog.server";
import { saveReflection } from "~/courses/reflections.server";
import { prisma } from "~/db.server";
import { createStudioLesson, latestVersion, publishLessonVersion } from "~/studio/lessons.server";
import { listSharedReflections } from "~/studio/reflections.server";

import { lessonSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";

let root: string;
const BODY = `Mở đầu với <Term id="dan-van">dân vận</Term>.

<Reflection id="rieng">

Điều gì anh, chị giữ cho riêng mình?

</Reflection>

<Reflection id="chung" shared>

Anh, chị sẽ làm gì tuần tới?

</Reflection>
`;

beforeAll(async () => {
  root = writeContentFixture({});
  await buildContent({ root });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test("a studio lesson: shared and private reflections are labelled; only shared answers reach trainers; terms link", async () => {
  const trainer = await makeUser({ roles: ["TRAINER"] });
  const lesson = await createStudioLesson({
    moduleId: "khoa-thu/chuong-mot",
    slug: "bai-suy-ngam",
    source: lessonSource({ title: "Bài suy ngẫm", body: BODY }),
    actor: trainer,
  });
  const v1 = (await latestVersion(lesson.id))!;
  expect((await publishLessonVersion({ lessonId: lesson.id, versionId: v1.id, actor: trainer })).ok).toBe(true);
  const page = (await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "bai-suy-ngam", viewer: null }))!;
  // The learner sees which answer is private and which is shared with giảng viên.
  expect(page.lesson.html).toContain("Riêng tư");
  expect(page.lesson.html).toContain("Chia sẻ với giảng viên");
  expect(page.lesson.html).toContain("giảng viên của khóa học đọc được câu trả lời này");
  // Glossary terms of a studio-published lesson link and are counted like a file-built one's.
  expect(page.lesson.html).toContain('href="/glossary#dan-van"');
  expect(await prisma.termUsage.count({ where: { lessonId: lesson.id, termId: "dan-van" } })).toBe(1);

  const learner = await makeUser({ fullName: "Trần Thị Chia Sẻ" });
  const html = page.lesson.html;
  await saveReflection({
    userId: learner.id,
    lesson: { id: lesson.id, html },
    reflectionId: "rieng",
    answer: "Bí mật riêng.",
  });
  await saveReflection({
    userId: learner.id,
    lesson: { id: lesson.id, html },
    reflectionId: "chung",
    answer: "Gặp dân.",
  });
  const notes = await listSharedReflections({ id: lesson.id, html });
  expect(notes.map((n) => [n.reflectionId, n.answer, n.learner])).toEqual([["chung", "Gặp dân.", "Trần Thị Chia Sẻ"]]);
  expect(notes[0]!.unit).not.toBe("");

  // Making the private reflection shared later does not expose what was written as private.
  const later = html.replace('id="suy-ngam-rieng-form"', 'id="suy-ngam-rieng-form" data-shared-reflection="rieng"');
  expect((await listSharedReflections({ id: lesson.id, html: later })).map((n) => n.reflectionId)).toEqual(["chung"]);
  // Un-sharing hides the shared answers again.
  const unshared = html.replace(' data-shared-reflection="chung"', "");
  expect(await listSharedReflections({ id: lesson.id, html: unshared })).toEqual([]);
});
