import fs from "node:fs";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { getLessonPage } from "~/courses/catalog.server";
import { prisma } from "~/db.server";
import { HOSTILE_BODIES } from "~/studio/hostile-inputs";
import {
  latestVersion,
  MAX_SOURCE_BYTES,
  publishLessonVersion,
  renderLessonSource,
  saveLessonVersion,
} from "~/studio/lessons.server";

import { lessonSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";

let root: string;
let trainer: { id: string };
const LESSON = "khoa-thu/bai-hai";

beforeAll(async () => {
  root = writeContentFixture({});
  await buildContent({ root });
  trainer = await makeUser({ roles: ["TRAINER"] });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("hostile MDX through the studio", () => {
  test("there are at least 30 hostile inputs", () => {
    expect(HOSTILE_BODIES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(HOSTILE_BODIES)(
    "%s: preview refuses it, publish refuses it, learners never get it",
    async (_name, body) => {
      const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: LESSON } });
      const htmlBefore = lesson.html;
      const source = lessonSource({ title: "Bài hai", body: `Mở đầu.\n\n${body}` });
      const started = Date.now();
      const preview = await renderLessonSource({ source, lesson });
      expect(preview.ok).toBe(false);
      expect(preview.problems.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(2000); // refused quickly, without tying up the server
      // Saving keeps the trainer's text as a draft (nothing is lost); publishing it is refused.
      const latest = (await latestVersion(LESSON))!;
      const save = () =>
        saveLessonVersion({ lessonId: LESSON, source, baseVersion: latest.number, note: "", actor: trainer });
      if (Buffer.byteLength(source) > MAX_SOURCE_BYTES) {
        // Too large even to keep as a draft: refused with 413 before anything is stored.
        await expect(save()).rejects.toMatchObject({ status: 413 });
      } else {
        const saved = await save();
        if (saved.kind === "conflict") throw new Error("unexpected conflict");
        const published = await publishLessonVersion({ lessonId: LESSON, versionId: saved.version.id, actor: trainer });
        expect(published.ok).toBe(false);
      }
      const after = await prisma.lesson.findUniqueOrThrow({ where: { id: LESSON } });
      expect(after.html).toBe(htmlBefore);
      const page = await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "bai-hai", viewer: null });
      expect(page!.lesson.html).not.toMatch(/<script|<iframe|<style|onerror|onclick|javascript:|vbscript:|data:/i);
    },
  );
});
