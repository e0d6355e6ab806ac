import { z } from "zod";

import type { FieldErrors, FormValues } from "~/utils/forms";
import { stripControls } from "~/utils/forms";

/**
 * The question form of the bank editor, without JavaScript: one page per question, a fixed number of
 * option rows (empty rows are ignored), radio buttons / check boxes / "vị trí đúng" numbers for the
 * answer. The form is parsed here into the bank file's shape; the bank schema then judges it
 * (app/content/quiz-banks.server.ts), so the studio and content:check give the same verdicts.
 */

export type QuestionType = "single" | "multiple" | "true_false" | "ordering";

export const TYPE_LABELS: Record<QuestionType, string> = {
  single: "Một đáp án",
  multiple: "Nhiều đáp án",
  true_false: "Đúng/Sai",
  ordering: "Sắp xếp thứ tự",
};

export const isQuestionType = (t: unknown): t is QuestionType =>
  typeof t === "string" && Object.prototype.hasOwnProperty.call(TYPE_LABELS, t);

/** At most this many option rows; a trainer who needs more saves and reopens the question. */
export const MAX_OPTIONS = 8;

const list = (max: number, each: number) => z.array(z.string().max(each)).max(max);
export const QuestionFormSchema = z.object({
  id: z.string().max(100).default(""),
  lesson: z.string().max(200).default(""),
  difficulty: z.string().max(20).default("medium"),
  scoring: z.string().max(20).default("all_or_nothing"),
  tags: z.string().max(1000).default(""),
  prompt: z.string().max(8000, "Câu hỏi không được dài quá 8000 ký tự.").default(""),
  explanation: z.string().max(16000, "Giải thích không được dài quá 16000 ký tự.").default(""),
  optionId: list(MAX_OPTIONS, 20),
  optionText: list(MAX_OPTIONS, 2000),
  answer: list(MAX_OPTIONS, 20),
  rank: list(MAX_OPTIONS, 4),
});
export const QUESTION_FORM_ARRAYS = ["optionId", "optionText", "answer", "rank"];
export type QuestionFormInput = z.infer<typeof QuestionFormSchema>;

const text = (s: string) => stripControls(s, { keepLines: true }).trim().normalize("NFC");

/** The form as a bank question (not yet validated), or the form's own errors (ordering ranks). */
export function rawQuestion(options: {
  type: QuestionType;
  id: string;
  form: QuestionFormInput;
}): { ok: true; raw: Record<string, unknown> } | { ok: false; errors: FieldErrors } {
  const { form, type } = options;
  const raw: Record<string, unknown> = {
    id: options.id.trim(),
    type,
    lesson: form.lesson,
    difficulty: form.difficulty,
    tags: form.tags.split(/[\s,]+/).filter(Boolean),
    prompt: text(form.prompt),
    explanation: text(form.explanation),
  };
  const slots = form.optionId.map((id, i) => ({ id, text: text(form.optionText[i] ?? ""), rank: form.rank[i] ?? "" }));
  const filled = slots.filter((s) => s.text);
  if (type !== "true_false") raw.options = filled.map((s) => ({ id: s.id, text: s.text }));
  if (type === "multiple" || type === "ordering") raw.scoring = form.scoring;
  if (type === "single") raw.answer = form.answer[0];
  if (type === "multiple") raw.answer = form.answer;
  if (type === "true_false") raw.answer = form.answer[0] === "true" ? true : form.answer[0] === "false" ? false : "";
  if (type === "ordering") {
    const ranks = filled.map((s) => Number(s.rank));
    const valid = ranks.every((r) => Number.isInteger(r) && r >= 1 && r <= filled.length);
    if (!valid || new Set(ranks).size !== ranks.length)
      return {
        ok: false,
        errors: {
          answer: `Mỗi phương án cần một vị trí đúng khác nhau, từ 1 đến ${filled.length}.`,
        },
      };
    raw.answer = filled
      .map((s, i) => ({ id: s.id, rank: ranks[i]! }))
      .sort((a, b) => a.rank - b.rank)
      .map((s) => s.id);
  }
  return { ok: true, raw };
}

export type QuestionFormValues = {
  id: string;
  lesson: string;
  difficulty: string;
  scoring: string;
  tags: string;
  prompt: string;
  explanation: string;
  options: { id: string; text: string; rank: string; correct: boolean }[];
  trueFalse: "" | "true" | "false";
};

type StoredQuestion = {
  id: string;
  type: QuestionType;
  lesson: string;
  difficulty: string;
  tags: string[];
  prompt: string;
  explanation: string;
  scoring?: string;
  options?: { id: string; text: string }[];
  answer: string | string[] | boolean;
};

const LETTERS = "abcdefghijklmnopqrstuvwxyz".split("");

/** What the form shows: the stored question, or what the trainer typed into a rejected form. */
export function formValuesFor(options: {
  question: StoredQuestion | null;
  values?: FormValues;
  lessonDefault: string;
}): QuestionFormValues {
  const { question, values } = options;
  const one = (name: string, fallback: string) => {
    const v = values?.[name];
    return Array.isArray(v) ? (v[0] ?? fallback) : (v ?? fallback);
  };
  const many = (name: string) => {
    const v = values?.[name];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const answer = question?.answer;
  const answers = Array.isArray(answer) ? answer : typeof answer === "string" ? [answer] : [];
  let rows = (question?.options ?? []).map((o) => ({
    id: o.id,
    text: o.text,
    rank: question?.type === "ordering" ? String(answers.indexOf(o.id) + 1) : "",
    correct: answers.includes(o.id),
  }));
  if (values) {
    const ids = many("optionId");
    const texts = many("optionText");
    const ranks = many("rank");
    const chosen = new Set(many("answer"));
    rows = ids.map((id, i) => ({ id, text: texts[i] ?? "", rank: ranks[i] ?? "", correct: chosen.has(id) }));
  }
  const used = new Set(rows.map((r) => r.id));
  const free = LETTERS.filter((l) => !used.has(l));
  // Two empty rows to add options, at least four rows; a rejected form comes back with its own rows.
  const target = values ? rows.length : Math.min(MAX_OPTIONS, Math.max(4, rows.length + 2));
  while (rows.length < target) rows.push({ id: free.shift()!, text: "", rank: "", correct: false });
  const tf = values ? one("answer", "") : typeof answer === "boolean" ? String(answer) : "";
  return {
    id: one("id", question?.id ?? ""),
    lesson: one("lesson", question?.lesson ?? options.lessonDefault),
    difficulty: one("difficulty", question?.difficulty ?? "medium"),
    scoring: one("scoring", question?.scoring ?? "all_or_nothing"),
    tags: one("tags", (question?.tags ?? []).join(", ")),
    prompt: one("prompt", question?.prompt ?? ""),
    explanation: one("explanation", question?.explanation ?? ""),
    options: rows,
    trueFalse: tf === "true" || tf === "false" ? tf : "",
  };
}
