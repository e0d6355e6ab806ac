import fs from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseDocument } from "yaml";

import { buildContent } from "~/content/build.server";
import { readContentTree } from "~/content/tree.server";
import { prisma } from "~/db.server";
import { startAttempt } from "~/quizzes/attempts.server";
import { seededRandom } from "~/quizzes/draw";
import { readAnswer, readLayout } from "~/quizzes/stored.server";
import {
  balanceWarnings,
  exportPublishedBanks,
  findQuestion,
  findStudioBank,
  parseStudioBank,
  publishBank,
  saveQuestionForm,
  setQuestionRetired,
  withQuestion,
  YAML_OUTPUT,
} from "~/studio/banks.server";
import { type QuestionFormInput, type QuestionType } from "~/studio/question-form";

import { quizSource, writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";

const QUIZ = "khoa-thu/chuong-mot";
let root = "";
let trainer: { id: string };
const bankFile = () => path.join(root, "courses/khoa-thu/01-chuong-mot/quiz.yml");
const bank = async () => (await findStudioBank({ courseId: "khoa-thu", segment: "chuong-mot", root }))!;

beforeAll(async () => {
  root = writeContentFixture({
    "courses/khoa-thu/01-chuong-mot/quiz.yml": quizSource("  draw: 4\n  passPercent: 60"),
  });
  const report = await buildContent({ root });
  expect(report.problems).toEqual([]);
  trainer = await makeUser({ roles: ["TRAINER"] });
  // A content build and a balance check: slow when the other test files build at the same time.
}, 60_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const form = (over: Partial<QuestionFormInput> = {}): QuestionFormInput => ({
  id: "",
  lesson: "bai-mot",
  difficulty: "medium",
  scoring: "all_or_nothing",
  tags: "",
  prompt: "Câu hỏi mới?",
  explanation: "Giải thích.",
  optionId: ["a", "b", "c", "d"],
  optionText: ["Phương án một", "Phương án hai", "Phương án ba", ""],
  answer: [],
  rank: [],
  ...over,
});

async function save(type: QuestionType, over: Partial<QuestionFormInput>, id = "moi-001", isNew = true) {
  return saveQuestionForm({ bank: await bank(), type, id, form: form(over), isNew, actorId: trainer.id });
}

describe("the question form gets content:check's verdicts, in Vietnamese, by field", () => {
  test.each<[QuestionType, Partial<QuestionFormInput>, string, string]>([
    ["single", { answer: [] }, "answer", "Thiếu “answer” (đáp án đúng)."],
    ["single", { answer: ["d"] }, "answer", "Đáp án “d” không có trong các phương án."],
    [
      "single",
      { optionText: ["Chỉ một", "", "", ""], answer: ["a"] },
      "options",
      "Câu một đáp án cần ít nhất 2 phương án.",
    ],
    ["single", { answer: ["a"], prompt: "  " }, "prompt", "Thiếu “prompt”."],
    ["single", { answer: ["a"], explanation: "" }, "explanation", "Thiếu “explanation”."],
    ["single", { answer: ["a"], lesson: "khong-co" }, "lesson", "Bài học “khong-co” không có trong khóa học."],
    ["single", { answer: ["a"], tags: "Có Dấu" }, "tags", "Thẻ là slug ASCII: chữ thường, số, gạch nối."],
    ["multiple", { answer: ["a"] }, "answer", "Câu nhiều đáp án cần ít nhất 2 đáp án đúng."],
    ["multiple", { answer: ["a", "b", "c"] }, "answer", "Câu nhiều đáp án cần ít nhất một phương án sai."],
    [
      "multiple",
      { optionText: ["Một", "Hai", "", ""], answer: ["a", "b"] },
      "options",
      "Câu nhiều đáp án cần ít nhất 3 phương án.",
    ],
    ["true_false", { answer: [] }, "answer", "Câu đúng/sai có “answer” là true hoặc false."],
    ["ordering", { rank: ["1", "1", "2", ""] }, "answer", "Mỗi phương án cần một vị trí đúng khác nhau, từ 1 đến 3."],
    [
      "ordering",
      { optionText: ["Một", "Hai", "", ""], rank: ["1", "2"] },
      "options",
      "Câu sắp xếp cần ít nhất 3 phương án.",
    ],
  ])("%s %j → %s", async (type, over, field, message) => {
    const result = await save(type, over);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toBe(message);
  });

  test("a new question's id must be free and a slug", async () => {
    const taken = await save("single", { answer: ["a"] }, "t-001");
    expect(!taken.ok && taken.errors.id).toBe("Mã câu hỏi “t-001” đã được dùng.");
    const bad = await save("single", { answer: ["a"] }, "Câu 1");
    expect(!bad.ok && bad.errors.id).toBe("Id câu hỏi là slug ASCII.");
  });
});

describe("balance warnings", () => {
  test("a correct option much longer than the distractors, and lopsided true/false answers", async () => {
    const parsed = parseStudioBank(
      await bank(),
      `settings:\n  draw: 4\nquestions:\n${[1, 2, 3, 4]
        .map(
          (n) =>
            `  - id: tf-${n}\n    type: true_false\n    lesson: bai-mot\n    prompt: "Ý ${n}."\n    answer: true\n    explanation: "Đúng."\n`,
        )
        .join(
          "",
        )}  - id: long-1\n    type: single\n    lesson: bai-mot\n    prompt: "Chọn."\n    options:\n      - id: a\n        text: "Ngắn"\n      - id: b\n        text: "Một phương án đúng dài hơn hẳn mọi phương án khác"\n    answer: b\n    explanation: "b."\n`,
    );
    const messages = balanceWarnings(parsed.bank!).map((w) => w.message);
    expect(messages).toContain("câu đúng/sai: 4/4 câu có đáp án “Đúng” (100 %; cần từ 40 % đến 60 %)");
    expect(messages.some((m) => m.startsWith("câu long-1: đáp án đúng dài 49 ký tự"))).toBe(true);
  });
});

describe("edits round-trip through the bank file format", () => {
  test("every bank in content/ serialises byte for byte, and re-saving a question unchanged changes nothing", () => {
    const files = readContentTree(path.resolve("content")).courses.flatMap((c) => [
      ...c.modules.flatMap((m) => (m.quizFile ? [m.quizFile] : [])),
      ...(c.examFile ? [c.examFile] : []),
    ]);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = fs.readFileSync(file, "utf8");
      expect(parseDocument(source).toString(YAML_OUTPUT), file).toBe(source);
      const questions = (parseDocument(source).toJS() as { questions: Parameters<typeof withQuestion>[1][] }).questions;
      // Re-saving every question of every bank costs a parse each: the first and the last of each bank.
      for (const q of [questions[0]!, questions.at(-1)!])
        expect(withQuestion(source, q), `${file} ${q.id}`).toBe(source);
    }
  }, 60_000);

  test("changing one field rewrites only that line", async () => {
    const source = fs.readFileSync(bankFile(), "utf8");
    const q = findQuestion(await bank(), "t-003")!;
    const { line: _line, ...question } = q;
    const edited = withQuestion(source, { ...question, prompt: "Trời hôm nay xanh." });
    expect(edited).toBe(source.replace('prompt: "Trời xanh."', 'prompt: "Trời hôm nay xanh."'));
  });
});

describe("publishing", () => {
  test("a draft is invisible to attempts; publish affects only new attempts; retire keeps rows; draws are guarded", async () => {
    // An attempt under way before the edit, holding t-001 (answer b).
    let before: { attemptId: string } | null = null;
    for (let seed = 1; seed < 40 && !before; seed++) {
      const learner = await makeUser();
      const started = await startAttempt({ quizId: QUIZ, userId: learner.id, random: seededRandom(seed) });
      const row = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: started.attemptId } });
      if (readLayout(row.layout).some((e) => e.questionId === "t-001")) before = started;
    }
    expect(before).not.toBeNull();

    const edit = await save(
      "single",
      {
        lesson: "bai-mot",
        prompt: "Câu **một**?",
        optionId: ["a", "b"],
        optionText: ["Đúng", "Phương án sai"],
        answer: ["a"],
        explanation: "Vì a.",
      },
      "t-001",
      false,
    );
    expect(edit).toEqual({ ok: true, id: "t-001" });
    const added = await save("true_false", { answer: ["false"] }, "moi-tf-1");
    expect(added.ok).toBe(true);
    // Saved, not published: what attempts draw is unchanged.
    expect(readAnswer((await prisma.question.findUniqueOrThrow({ where: { id: "t-001" } })).answer)).toBe("b");
    expect(await prisma.question.findUnique({ where: { id: "moi-tf-1" } })).toBeNull();

    await publishBank({ bank: await bank(), actorId: trainer.id });
    expect(readAnswer((await prisma.question.findUniqueOrThrow({ where: { id: "t-001" } })).answer)).toBe("a");
    expect((await prisma.question.findUniqueOrThrow({ where: { id: "moi-tf-1" } })).removedAt).toBeNull();
    const old = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: before!.attemptId } });
    expect(readLayout(old.layout).find((e) => e.questionId === "t-001")!.answer).toBe("b");
    const fresh = await startAttempt({ quizId: QUIZ, userId: (await makeUser()).id, random: seededRandom(3) });
    const freshLayout = readLayout(
      (await prisma.quizAttempt.findUniqueOrThrow({ where: { id: fresh.attemptId } })).layout,
    );
    for (const e of freshLayout) if (e.questionId === "t-001") expect(e.answer).toBe("a");

    // Retire three of six: four are drawn, so the publish is refused and nothing changes.
    for (const id of ["t-002", "t-004", "t-005"])
      await setQuestionRetired({ bank: await bank(), questionId: id, retired: true, actorId: trainer.id });
    await expect(publishBank({ bank: await bank(), actorId: trainer.id })).rejects.toThrow(
      "Không thể xuất bản: mỗi lượt làm bài rút 4 câu nhưng ngân hàng chỉ còn 3 câu đang dùng. Hãy thêm câu hỏi hoặc dùng lại câu đã ngừng dùng.",
    );
    expect((await prisma.question.findUniqueOrThrow({ where: { id: "t-002" } })).removedAt).toBeNull();
    await setQuestionRetired({ bank: await bank(), questionId: "t-005", retired: false, actorId: trainer.id });
    await publishBank({ bank: await bank(), actorId: trainer.id });
    const retired = await prisma.question.findMany({ where: { id: { in: ["t-002", "t-004"] } } });
    expect(retired.map((q) => !!q.removedAt)).toEqual([true, true]);
    expect(findQuestion(await bank(), "t-002")?.retired).toBe(true);

    const actions = (await prisma.auditEvent.findMany({ where: { actorId: trainer.id } })).map((e) => e.action);
    for (const action of [
      "quiz.question.edit",
      "quiz.question.add",
      "quiz.question.retire",
      "quiz.question.unretire",
      "quiz.publish",
    ])
      expect(actions).toContain(action);
  });

  test("content:build never overwrites the studio's bank; content:export writes it back", async () => {
    const published = (await prisma.quizBankDraft.findUniqueOrThrow({ where: { quizId: QUIZ } })).publishedSource!;
    // The file is untouched since the studio took over: the build keeps the studio's questions quietly.
    let report = await buildContent({ root });
    expect(report.skipped).toEqual([]);
    expect(readAnswer((await prisma.question.findUniqueOrThrow({ where: { id: "t-001" } })).answer)).toBe("a");
    // Someone edits the file on disk meanwhile: skipped and named, never imported over the studio.
    fs.appendFileSync(bankFile(), "# sửa trên đĩa\n");
    report = await buildContent({ root });
    expect(report.skipped.map((p) => p.message)).toEqual([
      "bỏ qua: ngân hàng câu hỏi đã được sửa trong studio, tệp này không ghi đè lên studio — hãy chạy npm run content:export rồi hợp nhất thay đổi của tệp",
    ]);
    expect(readAnswer((await prisma.question.findUniqueOrThrow({ where: { id: "t-001" } })).answer)).toBe("a");
    const refused = await exportPublishedBanks();
    expect(refused.written).toEqual([]);
    expect(refused.skipped).toHaveLength(1);
    const forced = await exportPublishedBanks({ force: true });
    expect(forced.written).toHaveLength(1);
    expect(fs.readFileSync(bankFile(), "utf8")).toBe(published);
    expect((await buildContent({ root })).skipped).toEqual([]);
    // An unchanged published bank exports to nothing new: the file already holds those bytes.
    expect((await exportPublishedBanks()).written).toEqual([]);
  });
});
