import { beforeAll, describe, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { getCourseOutline, getLessonPage, listCourses, listGlossary } from "~/courses/catalog.server";
import { search } from "~/courses/search.server";
import { prisma } from "~/db.server";

// The real curriculum, built once into this file's database.
beforeAll(async () => {
  const report = await buildContent();
  // Every real bank meets the balance rules too (app/content/quiz-balance.ts).
  expect(report.problems).toEqual([]);
}, 60_000);

const learner = { roles: ["LEARNER"] };

describe("the curriculum", () => {
  // The second edition names the law behind each legal statement, so a few lessons grew past 1,500 words;
  // 1,700 words is still under ten minutes of reading on a phone.
  test("has at least 4 published courses and 56 published lessons of 600–1,700 words", async () => {
    const courses = await listCourses(learner);
    expect(courses.length).toBeGreaterThanOrEqual(4);
    const lessons = await prisma.lesson.findMany({ where: { status: "published", removedAt: null } });
    expect(lessons.length).toBeGreaterThanOrEqual(56);
    for (const lesson of lessons) {
      expect(lesson.wordCount, lesson.sourcePath).toBeGreaterThanOrEqual(600);
      expect(lesson.wordCount, lesson.sourcePath).toBeLessThanOrEqual(1700);
    }
  });

  test("has at least 400 questions in its banks, every bank drawing from all four question types", async () => {
    expect(await prisma.question.count({ where: { removedAt: null } })).toBeGreaterThanOrEqual(400);
    const quizzes = await prisma.quiz.findMany({ where: { removedAt: null }, include: { questions: true } });
    for (const quiz of quizzes.filter((q) => q.kind === "module"))
      expect(new Set(quiz.questions.map((q) => q.type)).size, quiz.id).toBe(4);
  });

  test("every published lesson renders, with objectives, key points and a case study or reflection", async () => {
    for (const course of await listCourses(learner)) {
      const outline = await getCourseOutline({ courseSlug: course.id, viewer: learner });
      for (const lesson of outline!.modules.flatMap((m) => m.lessons)) {
        const page = await getLessonPage({ courseSlug: course.id, lessonSlug: lesson.slug, viewer: learner });
        expect(page, `${course.id}/${lesson.slug}`).not.toBeNull();
        expect(page!.lesson.objectives.length).toBeGreaterThan(0);
        expect(page!.lesson.html).toContain('class="key-points"');
        expect(page!.lesson.html).toMatch(/class="(case-study|reflection)"/);
        expect(page!.lesson.html).not.toMatch(/<script|javascript:|on[a-z]+=/i);
        expect(page!.lesson.headings.length).toBeGreaterThan(0);
      }
    }
  });

  test("the glossary is in Vietnamese alphabetical order and links to lessons", async () => {
    const terms = await listGlossary(learner);
    const names = terms.map((t) => t.term);
    expect(names).toEqual([...names].sort(new Intl.Collator("vi").compare));
    expect(terms.some((t) => t.lessons.length > 0)).toBe(true);
  });
});

describe("search", () => {
  const titles = async (query: string) => {
    const outcome = await search({ query, viewer: learner });
    if (outcome.status !== "ok") throw new Error(outcome.status);
    return outcome.results.map((r) => r.title.map((s) => s.text).join(""));
  };

  test("finds diacritic text from a query without diacritics, and the other way round", async () => {
    expect((await titles("dan van kem va dan van kheo"))[0]).toBe("Dân vận kém và dân vận khéo");
    expect((await titles("Dân vận kém và dân vận khéo"))[0]).toBe("Dân vận kém và dân vận khéo");
    expect(await titles("LANG NGHE TICH CUC")).toContain("Lắng nghe tích cực: nghe để hiểu dân");
  });

  test("đ and d match each other", async () => {
    const withD = await titles("dang");
    const withDStroke = await titles("Đảng");
    expect(withD.length).toBeGreaterThan(0);
    expect(withDStroke).toEqual(expect.arrayContaining(withD.slice(0, 3)));
  });

  test("ranks a title match above heading and body matches, and highlights the words", async () => {
    const outcome = await search({ query: "ngay dan van", viewer: learner });
    if (outcome.status !== "ok") throw new Error(outcome.status);
    const first = outcome.results[0]!;
    expect(first.title.map((s) => s.text).join("")).toMatch(/Ngày Dân vận/);
    expect(first.title.filter((s) => s.hit).map((s) => s.text.toLowerCase())).toEqual(
      expect.arrayContaining(["ngày", "dân", "vận"]),
    );
    const scores = outcome.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  test("a query with diacritics highlights only those spellings; without diacritics, every spelling", async () => {
    const hitsOf = async (query: string) => {
      const outcome = await search({ query, viewer: learner });
      if (outcome.status !== "ok") throw new Error(outcome.status);
      return outcome.results.flatMap((r) => [...r.title, ...r.snippet]).filter((s) => s.hit);
    };
    const typed = (await hitsOf("Dân vận khéo")).map((s) => s.text.toLowerCase());
    expect(new Set(typed)).toEqual(new Set(["dân", "vận", "khéo"]));
    // Folded look-alikes are in the results' text, so the check above could fail.
    const bare = new Set((await hitsOf("dan van kheo")).map((s) => s.text.toLowerCase()));
    expect(bare).toContain("dân");
    expect([...bare].some((w) => ["văn", "dẫn", "vạn", "đần", "dần", "vấn"].includes(w))).toBe(true);
    // One bare word among typed ones keeps that word's every spelling.
    const mixed = new Set((await hitsOf("Dân van")).map((s) => s.text.toLowerCase()));
    expect(mixed).toContain("dân");
    expect([...mixed].filter((w) => w.startsWith("d") || w.startsWith("đ"))).toEqual(["dân"]);
  });

  test.each([
    ["", "empty"],
    ["   ", "empty"],
    ["?!… — ,,, ;;", "no-words"],
    ["x".repeat(5000), "too-long"],
  ])("query %j gives a clear status, never an error", async (query, status) => {
    expect((await search({ query, viewer: learner })).status).toBe(status);
  });
});
