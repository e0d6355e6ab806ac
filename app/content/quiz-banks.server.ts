import fs from "node:fs";

import { isMap, isSeq, LineCounter, type Node as YamlNode, parseDocument } from "yaml";
import { z } from "zod";

import type { Problem } from "~/content/frontmatter.server";
import { nfcProblems } from "~/content/mdx-rules.server";
import { displayPath } from "~/content/tree.server";
import { DIFFICULTIES, type QuizSettings, QuizSettingsSchema } from "~/quizzes/settings";

/**
 * Question banks as content: <module>/quiz.yml and <course>/exam.yml. Parsed and checked here
 * (content:check), stored by content:build. Settings are in app/quizzes/settings.ts, scoring in app/quizzes/grading.ts.
 */

const optionId = z.string().regex(/^[a-z0-9]+$/, "id phương án là chữ thường hoặc số");
const Options = z.array(
  z.strictObject({ id: optionId, text: z.string().trim().min(1, "phương án không được để trống") }),
);
const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "id câu hỏi là slug ASCII"),
  lesson: z.string().regex(/^[a-z0-9-]+$/, "“lesson” là slug bài học"),
  difficulty: z.enum(DIFFICULTIES).default("medium"),
  tags: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
  prompt: z.string().trim().min(1, "thiếu “prompt”"),
  explanation: z.string().trim().min(1, "thiếu “explanation”"),
};

export const QuestionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ ...common, type: z.literal("single"), options: Options.min(2), answer: optionId }),
    z.strictObject({
      ...common,
      type: z.literal("multiple"),
      options: Options.min(3),
      answer: z.array(optionId).min(2, "câu nhiều đáp án cần ít nhất 2 đáp án đúng"),
      scoring: z.enum(["all_or_nothing", "partial"]).default("all_or_nothing"),
    }),
    z.strictObject({
      ...common,
      type: z.literal("true_false"),
      answer: z.boolean({ error: "câu đúng/sai có “answer” là true hoặc false" }),
    }),
    z.strictObject({
      ...common,
      type: z.literal("ordering"),
      options: Options.min(3),
      answer: z.array(optionId),
      scoring: z.enum(["all_or_nothing", "partial"]).default("all_or_nothing"),
    }),
  ],
  { error: "“type” là single, multiple, true_false hoặc ordering" },
);
export type BankQuestion = z.infer<typeof QuestionSchema>;

const BankSchema = z.strictObject({
  settings: QuizSettingsSchema,
  fromModules: z.number().int().min(1).optional(),
  questions: z.array(z.unknown()).default([]),
});

export type ParsedBank = {
  file: string;
  source: string;
  settings: QuizSettings;
  questions: (BankQuestion & { line: number })[];
};

/** Parses a bank, reporting every problem with the line of the offending question or field. */
export function parseBank(options: { file: string; kind: "module" | "exam"; lessonSlugs: Set<string> }): {
  bank?: ParsedBank;
  problems: Problem[];
} {
  const file = displayPath(options.file);
  const source = fs.readFileSync(options.file, "utf8");
  const problems: Problem[] = [...nfcProblems(source, file)];
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const lineOf = (node: YamlNode | undefined | null) =>
    node && "range" in node && node.range ? lineCounter.linePos(node.range[0]).line : 1;
  const nodeAt = (path: (string | number)[]) => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true) as YamlNode | undefined;
      if (node && typeof node === "object" && "range" in node) return node;
    }
    return undefined;
  };
  if (doc.errors.length)
    return {
      problems: doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        message: `YAML không hợp lệ: ${e.message.split("\n")[0]}`,
      })),
    };
  const top = BankSchema.safeParse(doc.toJS() ?? {});
  if (!top.success) {
    return {
      problems: [
        ...problems,
        ...top.error.issues.map((i) => ({
          file,
          line: lineOf(nodeAt(i.path as (string | number)[])),
          message: i.message,
        })),
      ],
    };
  }
  if (options.kind === "module" && top.data.fromModules !== undefined)
    problems.push({ file, line: lineOf(nodeAt(["fromModules"])), message: "“fromModules” chỉ dùng trong exam.yml" });
  const questions: ParsedBank["questions"] = [];
  const questionsNode = doc.get("questions", true);
  top.data.questions.forEach((raw, index) => {
    const itemNode = isSeq(questionsNode) ? (questionsNode.items[index] as YamlNode) : undefined;
    const line = lineOf(itemNode);
    const parsed = QuestionSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({
          file,
          line: lineOf(nodeAt(["questions", index, ...(issue.path as (string | number)[])])) || line,
          message: `câu ${index + 1}: ${issue.message}`,
        });
      return;
    }
    const q = parsed.data;
    const report = (message: string, field?: string) =>
      problems.push({
        file,
        line: field && isMap(itemNode) ? lineOf(nodeAt(["questions", index, field])) : line,
        message: `câu ${q.id}: ${message}`,
      });
    if ("options" in q) {
      const ids = q.options.map((o) => o.id);
      if (new Set(ids).size !== ids.length) report("id phương án bị trùng", "options");
      const answers = Array.isArray(q.answer) ? q.answer : [q.answer];
      for (const a of answers) if (!ids.includes(a)) report(`đáp án “${a}” không có trong các phương án`, "answer");
      if (q.type === "multiple" && q.answer.length >= ids.length)
        report("câu nhiều đáp án cần ít nhất một phương án sai", "answer");
      if (q.type === "ordering" && (q.answer.length !== ids.length || new Set(q.answer).size !== ids.length))
        report("câu sắp xếp phải liệt kê đủ mọi phương án, mỗi phương án một lần", "answer");
      if (new Set(answers).size !== answers.length) report("đáp án bị lặp", "answer");
    }
    if (!options.lessonSlugs.has(q.lesson)) report(`bài học “${q.lesson}” không có trong khóa học`, "lesson");
    questions.push({ ...q, line });
  });
  const settings: QuizSettings = { ...top.data.settings, fromModules: top.data.fromModules };
  problems.push(
    ...drawProblems({ settings, questions, file, line: lineOf(nodeAt(["settings", "draw"])), kind: options.kind }),
  );
  return { bank: { file: options.file, source, settings, questions }, problems };
}

function drawProblems(options: {
  settings: QuizSettings;
  questions: BankQuestion[];
  file: string;
  line: number;
  kind: "module" | "exam";
}): Problem[] {
  const { settings, questions, file, line } = options;
  const problems: Problem[] = [];
  const draw = settings.draw;
  const total = typeof draw === "number" ? draw : draw.count;
  // An exam may rely on the module banks alone; its own count only bounds its own questions.
  if (total > questions.length)
    problems.push({ file, line, message: `rút ${total} câu nhưng ngân hàng chỉ có ${questions.length} câu` });
  if (typeof draw === "object") {
    const quotas = [
      ...Object.entries(draw.byDifficulty ?? {}).map(([d, n]) => ({
        label: `độ khó ${d}`,
        n: n ?? 0,
        pool: questions.filter((q) => q.difficulty === d).length,
      })),
      ...Object.entries(draw.byTag ?? {}).map(([t, n]) => ({
        label: `thẻ ${t}`,
        n,
        pool: questions.filter((q) => q.tags.includes(t)).length,
      })),
    ];
    for (const quota of quotas)
      if (quota.n > quota.pool)
        problems.push({ file, line, message: `cần ${quota.n} câu ${quota.label} nhưng chỉ có ${quota.pool}` });
    if (quotas.reduce((s, q) => s + q.n, 0) > total)
      problems.push({ file, line, message: "tổng số câu theo độ khó/thẻ vượt quá số câu rút" });
  }
  return problems;
}

/** Cross-bank rule: question ids are unique across a course (module banks and the exam). */
export function duplicateIdProblems(banks: ParsedBank[]): Problem[] {
  const seen = new Map<string, string>();
  const problems: Problem[] = [];
  for (const bank of banks) {
    for (const q of bank.questions) {
      const where = `${displayPath(bank.file)}:${q.line}`;
      const previous = seen.get(q.id);
      if (previous)
        problems.push({
          file: displayPath(bank.file),
          line: q.line,
          message: `id câu hỏi “${q.id}” đã dùng ở ${previous}`,
        });
      else seen.set(q.id, where);
    }
  }
  return problems;
}
