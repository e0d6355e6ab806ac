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
const answerId = z
  .string({ error: "thiếu “answer” (đáp án đúng)" })
  .regex(/^[a-z0-9]+$/, "id phương án là chữ thường hoặc số");
const answerIds = z.array(optionId, { error: "thiếu “answer” (đáp án đúng)" });
const Options = z.array(
  z.strictObject({ id: optionId, text: z.string().trim().min(1, "phương án không được để trống") }),
);
export const SCORINGS = ["all_or_nothing", "partial"] as const;
export const QUESTION_TYPES = ["single", "multiple", "true_false", "ordering"] as const;
const common = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "id câu hỏi là slug ASCII"),
  lesson: z.string().regex(/^[a-z0-9-]+$/, "“lesson” là slug bài học"),
  difficulty: z.enum(DIFFICULTIES, { error: "“difficulty” là easy, medium hoặc hard" }).default("medium"),
  tags: z.array(z.string().regex(/^[a-z0-9-]+$/, "thẻ là slug ASCII: chữ thường, số, gạch nối")).default([]),
  prompt: z.string().trim().min(1, "thiếu “prompt”"),
  explanation: z.string().trim().min(1, "thiếu “explanation”"),
  /** Retired in the studio: kept (ids stay reserved, past attempts stay readable) but never drawn. */
  retired: z.literal(true).optional(),
};

export const QuestionSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      ...common,
      type: z.literal("single"),
      options: Options.min(2, "câu một đáp án cần ít nhất 2 phương án"),
      answer: answerId,
    }),
    z.strictObject({
      ...common,
      type: z.literal("multiple"),
      options: Options.min(3, "câu nhiều đáp án cần ít nhất 3 phương án"),
      answer: answerIds.min(2, "câu nhiều đáp án cần ít nhất 2 đáp án đúng"),
      scoring: z.enum(SCORINGS, { error: "“scoring” là all_or_nothing hoặc partial" }).default("all_or_nothing"),
    }),
    z.strictObject({
      ...common,
      type: z.literal("true_false"),
      answer: z.boolean({ error: "câu đúng/sai có “answer” là true hoặc false" }),
    }),
    z.strictObject({
      ...common,
      type: z.literal("ordering"),
      options: Options.min(3, "câu sắp xếp cần ít nhất 3 phương án"),
      answer: answerIds,
      scoring: z.enum(SCORINGS, { error: "“scoring” là all_or_nothing hoặc partial" }).default("all_or_nothing"),
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
  /** Active questions: the ones drawn, stored and measured. */
  questions: (BankQuestion & { line: number })[];
  /** Retired questions (`retired: true`), kept in the file so their ids stay taken. */
  retired: (BankQuestion & { line: number })[];
};

/** A problem of one well-formed question, named by the field it is about (for forms and file:line). */
export type QuestionProblem = { field: string; message: string };

/** The rules beyond the schema, shared by content:check and the studio's question form. */
export function questionProblems(q: BankQuestion, lessonSlugs: Set<string>): QuestionProblem[] {
  const problems: QuestionProblem[] = [];
  const report = (message: string, field: string) => problems.push({ field, message });
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
  if (!lessonSlugs.has(q.lesson)) report(`bài học “${q.lesson}” không có trong khóa học`, "lesson");
  return problems;
}

/** Parses a bank file, reporting every problem with the line of the offending question or field. */
export function parseBank(options: { file: string; kind: "module" | "exam"; lessonSlugs: Set<string> }) {
  return parseBankSource({ ...options, source: fs.readFileSync(options.file, "utf8") });
}

/** Parses a bank's YAML text (a file's, or the studio's draft); `file` names it in problems. */
export function parseBankSource(options: {
  file: string;
  source: string;
  kind: "module" | "exam";
  lessonSlugs: Set<string>;
}): {
  bank?: ParsedBank;
  problems: Problem[];
} {
  const file = displayPath(options.file);
  const source = options.source;
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
  const retired: ParsedBank["retired"] = [];
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
    for (const p of questionProblems(q, options.lessonSlugs))
      problems.push({
        file,
        line: isMap(itemNode) ? lineOf(nodeAt(["questions", index, p.field])) : line,
        message: `câu ${q.id}: ${p.message}`,
      });
    (q.retired ? retired : questions).push({ ...q, line });
  });
  const settings: QuizSettings = { ...top.data.settings, fromModules: top.data.fromModules };
  problems.push(
    ...drawProblems({ settings, questions, file, line: lineOf(nodeAt(["settings", "draw"])), kind: options.kind }),
  );
  return { bank: { file: options.file, source, settings, questions, retired }, problems };
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
    for (const q of [...bank.questions, ...bank.retired]) {
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
