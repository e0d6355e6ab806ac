import fs from "node:fs";

import { afterAll, beforeAll, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { getCourseOutline, getLessonPage } from "~/courses/catalog.server";
import { search } from "~/courses/search.server";

import { lessonSource, writeContentFixture } from "../../tests/content-fixture";

// A lesson is a draft because its file says so, as a trainer would write it: no database edits.
let root = "";
beforeAll(async () => {
  root = writeContentFixture({
    "courses/khoa-thu/01-chuong-mot/02-bai-hai.mdx": lessonSource({
      title: "Bài hai bản nháp",
      status: "draft",
      body: "Nội dung riêng của bản nháp về tiếp xúc cử tri.\n\n## Một mục\n\nVăn bản.\n",
    }),
  });
  expect((await buildContent({ root })).problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const learner = { roles: ["LEARNER"] };
const trainer = { roles: ["TRAINER"] };

test("a draft lesson is invisible to learners in search, the outline and by URL; trainers see it", async () => {
  const query = "tiep xuc cu tri ban nhap";
  const forLearner = await search({ query, viewer: learner });
  const draftHref = "/courses/khoa-thu/bai-hai";
  expect(forLearner.status === "ok" ? forLearner.results.map((r) => r.href) : []).not.toContain(draftHref);
  const forTrainer = await search({ query, viewer: trainer });
  expect(forTrainer.status).toBe("ok");
  expect(forTrainer.status === "ok" && forTrainer.results.find((r) => r.href === draftHref)?.draft).toBe(true);

  const outline = await getCourseOutline({ courseSlug: "khoa-thu", viewer: learner });
  expect(outline?.modules.flatMap((m) => m.lessons.map((l) => l.slug))).toEqual(["bai-mot"]);
  expect(await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "bai-hai", viewer: learner })).toBeNull();
  expect((await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "bai-hai", viewer: trainer }))?.lesson.title).toBe(
    "Bài hai bản nháp",
  );
});
