import fs from "node:fs";
import path from "node:path";

import { afterAll, describe, expect, test } from "vitest";

import { buildContent } from "~/content/build.server";
import { checkContent } from "~/content/check.server";
import { getLessonPage } from "~/courses/catalog.server";
import { prisma } from "~/db.server";

import { lessonSource, quizSource, writeContentFixture } from "../../tests/content-fixture";

const roots: string[] = [];
function fixture(files: Record<string, string> = {}) {
  const root = writeContentFixture(files);
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

const problemsOf = (root: string) =>
  checkContent(root).problems.map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`);

describe("content:check", () => {
  test("a valid tree has no problems", () => {
    expect(problemsOf(fixture())).toEqual([]);
  });

  test("frontmatter errors name the file and the line of the field", () => {
    const source = lessonSource({ title: "Bài lỗi" })
      .replace("estimatedMinutes: 10", 'estimatedMinutes: "mười"')
      .replace("status: published", "status: xuat-ban");
    const problems = problemsOf(fixture({ "courses/khoa-thu/01-chuong-mot/03-bai-loi.mdx": source }));
    expect(problems).toContain("03-bai-loi.mdx:6: “estimatedMinutes” phải là số phút (số nguyên)");
    expect(problems).toContain("03-bai-loi.mdx:8: “status” phải là draft hoặc published");
  });

  test("a missing field and an unknown field are reported", () => {
    const source = lessonSource({ title: "Bài thiếu", frontmatter: 'tacgia: "Ai đó"\n' }).replace(
      /description: .*\n/,
      "",
    );
    const problems = problemsOf(fixture({ "courses/khoa-thu/01-chuong-mot/03-bai-thieu.mdx": source }));
    expect(problems.some((p) => p.startsWith("03-bai-thieu.mdx:1: thiếu “description”"))).toBe(true);
    expect(problems.some((p) => p.includes("trường không hợp lệ: tacgia"))).toBe(true);
  });

  test.each([
    ["an unknown component", '<Slideshow src="x.mp4" />', "thành phần không được phép: <Slideshow>"],
    ["an HTML tag", "<script>alert(1)</script>", "thành phần không được phép: <script>"],
    ["an import", 'import X from "./x.js"', "không được dùng import/export"],
    ["an expression", "Hôm nay là {new Date().toString()}.", "không được dùng biểu thức { }"],
    ["an expression attribute", '<Callout kind={"note"}>\n\nx\n\n</Callout>', "phải là chuỗi trong dấu ngoặc kép"],
    [
      "a Quote without source",
      '<Quote work="Dân vận" year="1949">Quyền hành và lực lượng đều ở nơi dân.</Quote>',
      "<Quote> thiếu thuộc tính source",
    ],
    ["an image without alt text", "![](./assets/anh.png)", "hình ảnh thiếu mô tả (alt)"],
    ["a javascript: link", "[bấm](javascript:alert(1))", "liên kết không an toàn"],
    [
      "a broken internal link",
      "[xem](/courses/khoa-thu/khong-co)",
      "liên kết nội bộ không tồn tại: /courses/khoa-thu/khong-co",
    ],
    [
      "an unknown glossary term",
      '<Term id="khong-co">x</Term>',
      '<Term id="khong-co"> không có trong content/glossary.yml',
    ],
    ["a level-1 heading", "# Tiêu đề", "không dùng tiêu đề cấp 1"],
    ["a skipped heading level", "## Hai\n\n#### Bốn", "tiêu đề nhảy cấp"],
    [
      "a Check without a right answer",
      '<Check question="Hỏi?" explanation="Vì.">\n<Choice>A</Choice>\n<Choice>B</Choice>\n</Check>',
      "<Check> cần đúng một <Choice correct>",
    ],
    ["text not in NFC", "Da\u0302n va\u0323\u0302n", "Unicode NFC"],
  ])("%s fails the check with its line", (_name, body, message) => {
    const source = lessonSource({ title: "Bài sai", body: `Mở đầu.\n\n${body}\n` });
    const problems = problemsOf(fixture({ "courses/khoa-thu/01-chuong-mot/03-bai-sai.mdx": source }));
    const hit = problems.find((p) => p.includes(message));
    expect(hit, problems.join("\n")).toBeDefined();
    expect(hit).toMatch(/^03-bai-sai\.mdx:1[1-9]:/); // the body starts on line 11
  });

  test("duplicate lesson slugs across modules are reported", () => {
    const problems = problemsOf(
      fixture({
        "courses/khoa-thu/02-chuong-hai/module.mdx": `---\ntitle: "Chương hai"\ndescription: "Chương."\nstatus: published\n---\n`,
        "courses/khoa-thu/02-chuong-hai/01-bai-mot.mdx": lessonSource({ title: "Trùng" }),
      }),
    );
    expect(problems.some((p) => p.includes("slug bài học “bai-mot” đã dùng"))).toBe(true);
  });
});

describe("content:build", () => {
  test("compiles everything once, then only the changed file", async () => {
    const root = fixture();
    const first = await buildContent({ root });
    expect(first).toMatchObject({ total: 4, compiled: 4, unchanged: 0, failed: 0, problems: [] });
    const second = await buildContent({ root });
    expect(second).toMatchObject({ compiled: 0, unchanged: 4 });
    const file = path.join(root, "courses/khoa-thu/01-chuong-mot/02-bai-hai.mdx");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("Ý chính.", "Ý chính đã sửa."));
    const third = await buildContent({ root });
    expect(third).toMatchObject({ compiled: 1, unchanged: 3 });
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: "khoa-thu/bai-hai" } });
    expect(lesson.html).toContain("Ý chính đã sửa.");
  });

  test("a broken file keeps its last good build and the build reports it", async () => {
    const root = fixture();
    await buildContent({ root });
    const file = path.join(root, "courses/khoa-thu/01-chuong-mot/01-bai-mot.mdx");
    fs.writeFileSync(file, lessonSource({ title: "Bài một", body: "<Video />\n" }));
    const report = await buildContent({ root });
    expect(report.failed).toBe(1);
    expect(report.problems[0]?.message).toContain("<Video>");
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: "khoa-thu/bai-mot" } })).html).toContain("Ý chính.");
  });

  test("a removed lesson is marked removed, not deleted; a frontmatter id keeps identity across renames", async () => {
    const root = fixture({
      "courses/khoa-thu/01-chuong-mot/03-bai-ba.mdx": lessonSource({
        title: "Bài ba",
        frontmatter: "id: khoa-thu/bai-ba-on-dinh\n",
      }),
    });
    await buildContent({ root });
    fs.renameSync(
      path.join(root, "courses/khoa-thu/01-chuong-mot/03-bai-ba.mdx"),
      path.join(root, "courses/khoa-thu/01-chuong-mot/03-bai-ba-moi.mdx"),
    );
    fs.rmSync(path.join(root, "courses/khoa-thu/01-chuong-mot/02-bai-hai.mdx"));
    await buildContent({ root });
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: "khoa-thu/bai-ba-on-dinh" } })).slug).toBe(
      "bai-ba-moi",
    );
    expect((await prisma.lesson.findUniqueOrThrow({ where: { id: "khoa-thu/bai-hai" } })).removedAt).not.toBeNull();
  });

  test("drafts are hidden from learners and shown to trainers", async () => {
    const root = fixture({
      "courses/khoa-thu/01-chuong-mot/03-ban-nhap.mdx": lessonSource({ title: "Bản nháp", status: "draft" }),
    });
    await buildContent({ root });
    const learner = { roles: ["LEARNER"] };
    const trainer = { roles: ["TRAINER"] };
    expect(await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "ban-nhap", viewer: learner })).toBeNull();
    expect(await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "ban-nhap", viewer: null })).toBeNull();
    expect(
      (await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "ban-nhap", viewer: trainer }))?.lesson.status,
    ).toBe("draft");
    // The previous lesson's "next" skips the draft for learners.
    expect((await getLessonPage({ courseSlug: "khoa-thu", lessonSlug: "bai-hai", viewer: learner }))?.next).toBeNull();
  });
});

describe("question banks in content:check", () => {
  const settings = "  draw: 3";
  test("a valid bank passes", () => {
    expect(problemsOf(fixture({ "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource(settings) }))).toEqual([]);
  });

  test.each([
    [
      "an answer that is not an option",
      (s: string) => s.replace("answer: b\n", "answer: x\n"),
      "đáp án “x” không có trong các phương án",
    ],
    [
      "an unknown lesson",
      (s: string) =>
        s.replace('lesson: bai-mot\n    prompt: "Câu **một**?"', 'lesson: khong-co\n    prompt: "Câu **một**?"'),
      "bài học “khong-co” không có trong khóa học",
    ],
    [
      "too few questions for the draw",
      (s: string) => s.replace("draw: 3", "draw: 9"),
      "rút 9 câu nhưng ngân hàng chỉ có 5 câu",
    ],
    [
      "an incomplete ordering answer",
      (s: string) => s.replace("answer: [c, a, b]", "answer: [c, a]"),
      "phải liệt kê đủ mọi phương án",
    ],
    [
      "an unknown type",
      (s: string) => s.replace("type: single", "type: essay"),
      "“type” là single, multiple, true_false hoặc ordering",
    ],
    ["text not in NFC", (s: string) => s.replace("Trời xanh.", "Tro\u0300i xanh."), "Unicode NFC"],
  ])("%s is reported with its line", (_name, mutate, message) => {
    const problems = problemsOf(fixture({ "courses/khoa-thu/01-chuong-mot/quiz.yml": mutate(quizSource(settings)) }));
    const hit = problems.find((p) => p.includes(message));
    expect(hit, problems.join("\n")).toMatch(/^quiz\.yml:\d+:/);
    expect(hit).not.toMatch(/^quiz\.yml:1:/);
  });

  test("bank balance: figures for every bank, and a bank outside the limits fails with its lines", () => {
    const balanced = checkContent(fixture({ "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource(settings) }));
    expect(balanced.balances).toHaveLength(1);
    expect(balanced.balances[0]!.balance).toMatchObject({
      items: 5,
      single: 2,
      longestCorrect: [],
      passProbability: 0,
    });
    // The right option of t-001 becomes the longest, by a third: a give-away.
    const source = quizSource(settings).replace(
      'text: "Phương án sai"\n      - id: b\n        text: "Đúng"',
      'text: "Sai"\n      - id: b\n        text: "Đúng"',
    );
    const problems = problemsOf(fixture({ "courses/khoa-thu/01-chuong-mot/quiz.yml": source }));
    expect(problems).toContain(
      "quiz.yml:1: đáp án đúng là phương án dài nhất ở 1/2 câu một đáp án (50 %; tối đa 35 %)",
    );
    expect(problems).toContain(
      "quiz.yml:4: câu t-001: đáp án đúng dài 4 ký tự, hơn phương án nhiễu dài nhất (3 ký tự) quá 15 %",
    );
  });

  test("question ids must be unique across the course", () => {
    const problems = problemsOf(
      fixture({
        "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource(settings),
        "courses/khoa-thu/exam.yml": quizSource(settings),
      }),
    );
    expect(problems.some((p) => p.startsWith("exam.yml:") && p.includes("id câu hỏi “t-001” đã dùng ở"))).toBe(true);
  });
});
