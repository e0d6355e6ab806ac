import fs from "node:fs";
import path from "node:path";

import { type Document, isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";

import type { Problem } from "~/content/frontmatter.server";
import { balanceProblems, bankBalance } from "~/content/quiz-balance";
import {
  type BankQuestion,
  parseBankSource,
  type ParsedBank,
  questionProblems,
  QuestionSchema,
} from "~/content/quiz-banks.server";
import { storeBank } from "~/content/store-quizzes.server";
import { CONTENT_DIR, displayPath, readContentTree } from "~/content/tree.server";
import { prisma } from "~/db.server";
import { quizIdFor } from "~/quizzes/paths";
import { getQuizStats } from "~/quizzes/stats.server";
import { recordAudit } from "~/studio/audit.server";
import { type QuestionFormInput, type QuestionType, rawQuestion } from "~/studio/question-form";
import { DomainError, isUniqueViolation } from "~/utils/errors";
import type { FieldErrors } from "~/utils/forms";

/**
 * The studio's question bank editor. A bank's text stays in the bank file format (quiz.yml / exam.yml):
 * the studio edits a copy of it in the database (`QuizBankDraft.draftSource`), parsed and checked by the
 * same code as content:check; publishing stores the questions for new attempts through the same
 * `storeBank` as content:build; content:export writes the published text back into the file.
 */

/** Serialising options under which every bank file in content/ round-trips byte for byte. */
export const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Monte Carlo draws the bank page spends on the no-knowledge pass probability: ~0.1 s for a 19-question bank
 * (2,000 took ~0.5 s); the estimate is coarser than content:check's, which is enough for a warning. */
const PAGE_BALANCE_DRAWS = 500;

export type StudioBank = NonNullable<Awaited<ReturnType<typeof findStudioBank>>>;

/** The bank behind /studio/courses/:course/quizzes/:quiz, with its studio copy; null when unknown. */
export async function findStudioBank(options: { courseId: string; segment: string; root?: string }) {
  const quiz = await prisma.quiz.findFirst({
    where: { id: quizIdFor(options.courseId, options.segment), courseId: options.courseId, removedAt: null },
    include: { studioDraft: true, course: { select: { id: true, title: true } } },
  });
  if (!quiz) return null;
  const file = quiz.studioDraft
    ? path.resolve(process.cwd(), quiz.studioDraft.sourcePath)
    : bankFile({ courseId: quiz.courseId, segment: options.segment, kind: quiz.kind, root: options.root });
  const fileSource = file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
  const source = quiz.studioDraft?.draftSource ?? fileSource;
  if (!file || source === null) return null;
  const lessons = await prisma.lesson.findMany({
    where: { courseId: quiz.courseId, removedAt: null },
    orderBy: { position: "asc" },
    select: { id: true, slug: true, title: true },
  });
  const kind = quiz.kind === "exam" ? ("exam" as const) : ("module" as const);
  return { quiz, kind, file, fileSource, source, lessons, segment: options.segment };
}

function bankFile(options: { courseId: string; segment: string; kind: string; root?: string }) {
  const course = readContentTree(options.root ?? CONTENT_DIR).courses.find((c) => c.slug === options.courseId);
  if (!course) return null;
  if (options.kind === "exam") return path.join(course.dir, "exam.yml");
  const mod = course.modules.find((m) => m.slug === options.segment);
  return mod ? path.join(mod.dir, "quiz.yml") : null;
}

/** Parses the bank's current studio text with content:check's rules. */
export function parseStudioBank(bank: StudioBank, source = bank.source) {
  return parseBankSource({
    file: bank.file,
    source,
    kind: bank.kind,
    lessonSlugs: new Set(bank.lessons.map((l) => l.slug)),
  });
}

/** Questions of the bank text (active and retired), in file order, whether or not the bank is valid. */
export function allQuestions(parsed: ReturnType<typeof parseStudioBank>) {
  const bank = parsed.bank;
  return bank ? [...bank.questions, ...bank.retired].sort((a, b) => a.line - b.line) : [];
}

/** Warnings (never errors) about how guessable the bank is: app/content/quiz-balance.ts. */
export function balanceWarnings(bank: ParsedBank, options: { draws?: number } = {}) {
  const balance = bankBalance({
    questions: bank.questions,
    settings: bank.settings,
    draws: options.draws ?? PAGE_BALANCE_DRAWS,
  });
  return balanceProblems(balance);
}

export type BankState = "published" | "changed";

/** What the bank page shows: every question with its lesson, state and statistics; the bank's warnings. */
export async function bankPage(bank: StudioBank) {
  const parsed = parseStudioBank(bank);
  const stats = await getQuizStats(bank.quiz.id);
  const statsOf = new Map(stats.questions.map((q) => [q.id, q]));
  const lessonOf = new Map(bank.lessons.map((l) => [l.slug, l.title]));
  const retiredIds = new Set(parsed.bank?.retired.map((q) => q.id));
  const live = bank.quiz.studioDraft?.publishedSource ?? bank.fileSource;
  return {
    state: (bank.source === live ? "published" : "changed") as BankState,
    settings: parsed.bank?.settings ?? null,
    drawCount: parsed.bank ? drawCount(parsed.bank) : null,
    active: parsed.bank?.questions.length ?? 0,
    problems: parsed.problems.map((p) => p.message),
    warnings: parsed.bank ? balanceWarnings(parsed.bank) : [],
    attempts: stats.attempts,
    publishedAt: bank.quiz.studioDraft?.publishedAt ?? null,
    questions: allQuestions(parsed).map((q) => {
      const s = statsOf.get(q.id);
      return {
        id: q.id,
        type: q.type,
        prompt: q.prompt,
        lesson: lessonOf.get(q.lesson) ?? q.lesson,
        retired: retiredIds.has(q.id),
        stats: s ? { shown: s.shown, percentRight: s.percentRight, topWrong: s.topWrong } : null,
      };
    }),
  };
}

export function drawCount(bank: ParsedBank) {
  return typeof bank.settings.draw === "number" ? bank.settings.draw : bank.settings.draw.count;
}

/** One question of the bank text, by id, with whether it is retired. */
export function findQuestion(bank: StudioBank, id: string) {
  return allQuestions(parseStudioBank(bank)).find((q) => q.id === id) ?? null;
}

/**
 * Checks a question the way content:check does (the bank schema, then the rules beyond it), keyed by
 * form field; a new question's id must also be free across the platform (Question ids are global).
 */
export async function validateQuestion(options: {
  bank: StudioBank;
  raw: Record<string, unknown>;
  isNew: boolean;
}): Promise<{ ok: true; question: BankQuestion } | { ok: false; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    errors[field] ??= message.charAt(0).toUpperCase() + message.slice(1) + ".";
  };
  const parsed = QuestionSchema.safeParse(options.raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(String(issue.path[0] ?? "_form"), issue.message);
    return { ok: false, errors };
  }
  for (const p of questionProblems(parsed.data, new Set(options.bank.lessons.map((l) => l.slug))))
    add(p.field, p.message);
  if (options.isNew) {
    const inBank = allQuestions(parseStudioBank(options.bank)).some((q) => q.id === parsed.data.id);
    const elsewhere = await prisma.question.findUnique({ where: { id: parsed.data.id }, select: { id: true } });
    if (inBank || elsewhere) add("id", `mã câu hỏi “${parsed.data.id}” đã được dùng`);
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, question: parsed.data };
}

/** Key order of a question in the bank files. */
const KEY_ORDER = [
  "id",
  "type",
  "lesson",
  "difficulty",
  "scoring",
  "tags",
  "prompt",
  "options",
  "answer",
  "explanation",
  "retired",
];
/** Values the schema fills in when a key is absent: an absent key stays absent when it keeps them. */
const DEFAULTS: Record<string, unknown> = { difficulty: "medium", tags: [], scoring: "all_or_nothing" };
/** Long texts are double-quoted, as in the files; lists of ids and tags are flow lists. */
const QUOTED = new Set(["prompt", "explanation", "text"]);

function orderedQuestion(q: BankQuestion): Record<string, unknown> {
  const entries = Object.entries(q).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => KEY_ORDER.indexOf(a) - KEY_ORDER.indexOf(b)));
}

function styledNode(doc: Document, key: string, value: unknown) {
  const node = doc.createNode(value);
  const style = (k: string, n: unknown) => {
    if (isScalar(n) && typeof n.value === "string" && QUOTED.has(k)) n.type = "QUOTE_DOUBLE";
    if (isSeq(n)) {
      if (n.items.every((i) => isScalar(i))) n.flow = true;
      for (const item of n.items) style(k, item);
    }
    if (isMap(n)) for (const pair of n.items) style(String(isScalar(pair.key) ? pair.key.value : pair.key), pair.value);
  };
  style(key, node);
  return node;
}

/**
 * Writes a question into the bank text: an existing one is changed field by field (untouched fields
 * keep their YAML text, so a git diff shows only what the trainer changed); a new one is appended.
 */
export function withQuestion(source: string, question: BankQuestion) {
  const doc = parseDocument(source);
  const seq = doc.get("questions", true);
  const wanted = orderedQuestion(question);
  const existing = isSeq(seq)
    ? (seq.items.find((item) => isMap(item) && item.get("id") === question.id) as YAMLMap | undefined)
    : undefined;
  if (existing) {
    const old = existing.toJSON() as Record<string, unknown>;
    for (const key of Object.keys(old)) if (!(key in wanted)) existing.delete(key);
    for (const [key, value] of Object.entries(wanted)) {
      if (JSON.stringify(old[key] ?? DEFAULTS[key]) === JSON.stringify(value)) continue;
      const current = existing.get(key, true);
      if (isScalar(current) && (typeof value !== "object" || value === null)) current.value = value;
      else existing.set(key, styledNode(doc, key, value));
    }
  } else {
    const map = doc.createNode({}) as YAMLMap;
    for (const [key, value] of Object.entries(wanted)) map.set(key, styledNode(doc, key, value));
    map.spaceBefore = isSeq(seq) && seq.items.length > 0;
    if (isSeq(seq)) seq.items.push(map);
    else doc.set("questions", doc.createNode([map]));
  }
  return doc.toString(YAML_OUTPUT);
}

async function writeDraft(options: { bank: StudioBank; source: string; actorId: string }) {
  const { bank } = options;
  const previous = bank.quiz.studioDraft?.draftSource;
  if (previous === undefined) {
    try {
      await prisma.quizBankDraft.create({
        data: {
          quizId: bank.quiz.id,
          sourcePath: displayPath(bank.file),
          fileSource: bank.fileSource ?? bank.source,
          draftSource: options.source,
          updatedById: options.actorId,
        },
      });
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw staleDraft();
    }
  }
  // Compare-and-set: two trainers saving different questions at once must not lose one of the edits.
  const { count } = await prisma.quizBankDraft.updateMany({
    where: { quizId: bank.quiz.id, draftSource: previous },
    data: { draftSource: options.source, updatedById: options.actorId },
  });
  if (count === 0) throw staleDraft();
}

const staleDraft = () =>
  new DomainError("Ngân hàng câu hỏi vừa được người khác sửa. Hãy mở lại trang và lưu lần nữa.", { status: 409 });

/** Saves a new or changed question into the draft; what learners draw changes only on publish. */
export async function saveQuestion(options: {
  bank: StudioBank;
  question: BankQuestion;
  actorId: string;
  ip?: string;
}) {
  const before = findQuestion(options.bank, options.question.id);
  const question: BankQuestion = before?.retired ? { ...options.question, retired: true } : options.question;
  const source = withQuestion(options.bank.source, question);
  await writeDraft({ bank: options.bank, source, actorId: options.actorId });
  await recordAudit({
    actorId: options.actorId,
    action: before ? "quiz.question.edit" : "quiz.question.add",
    target: { type: "question", id: question.id },
    before: before ? stripLine(before) : undefined,
    after: { ...question, quizId: options.bank.quiz.id },
    ip: options.ip,
  });
}

const stripLine = ({ line: _line, ...q }: BankQuestion & { line: number }) => q;

/** Retires (or brings back) a question in the draft. Its rows, statistics and past attempts stay. */
export async function setQuestionRetired(options: {
  bank: StudioBank;
  questionId: string;
  retired: boolean;
  actorId: string;
  ip?: string;
}) {
  const found = findQuestion(options.bank, options.questionId);
  if (!found) throw new DomainError("Không tìm thấy câu hỏi.", { status: 404 });
  const { line: _line, retired: _retired, ...question } = found;
  const source = withQuestion(options.bank.source, options.retired ? { ...question, retired: true } : question);
  await writeDraft({ bank: options.bank, source, actorId: options.actorId });
  await recordAudit({
    actorId: options.actorId,
    action: options.retired ? "quiz.question.retire" : "quiz.question.unretire",
    target: { type: "question", id: options.questionId },
    after: { quizId: options.bank.quiz.id },
    ip: options.ip,
  });
}

/**
 * Publishes the draft: checked like content:check, refused when the bank cannot fill one draw; then the
 * questions are stored for NEW attempts (attempts under way keep their own draw and answer key).
 */
export async function publishBank(options: { bank: StudioBank; actorId: string; ip?: string }) {
  const { bank } = options;
  const parsed = parseStudioBank(bank);
  if (!parsed.bank) throw new DomainError(publishRefusal(parsed.problems));
  const needed = drawCount(parsed.bank);
  const active = parsed.bank.questions.length;
  if (needed > active)
    throw new DomainError(
      `Không thể xuất bản: mỗi lượt làm bài rút ${needed} câu nhưng ngân hàng chỉ còn ${active} câu đang dùng. Hãy thêm câu hỏi hoặc dùng lại câu đã ngừng dùng.`,
    );
  if (parsed.problems.length) throw new DomainError(publishRefusal(parsed.problems));
  const lessonIds = new Map(bank.lessons.map((l) => [l.slug, l.id]));
  const previous = await prisma.question.count({ where: { quizId: bank.quiz.id, removedAt: null } });
  await prisma.$transaction(async (tx) => {
    await tx.quizBankDraft.upsert({
      where: { quizId: bank.quiz.id },
      update: {},
      create: {
        quizId: bank.quiz.id,
        sourcePath: displayPath(bank.file),
        fileSource: bank.fileSource ?? bank.source,
        draftSource: bank.source,
        updatedById: options.actorId,
      },
    });
    const { count } = await tx.quizBankDraft.updateMany({
      where: { quizId: bank.quiz.id, draftSource: bank.source },
      data: { publishedSource: bank.source, publishedAt: new Date(), publishedById: options.actorId },
    });
    if (count === 0) throw staleDraft();
    await storeBank(tx, {
      id: bank.quiz.id,
      courseId: bank.quiz.courseId,
      moduleId: bank.quiz.moduleId,
      kind: bank.kind,
      title: bank.quiz.title,
      bank: parsed.bank!,
      lessonIds,
    });
  });
  await recordAudit({
    actorId: options.actorId,
    action: "quiz.publish",
    target: { type: "quiz", id: bank.quiz.id },
    before: { activeQuestions: previous },
    after: { activeQuestions: active, retired: parsed.bank.retired.map((q) => q.id) },
    ip: options.ip,
  });
}

function publishRefusal(problems: Problem[]) {
  return `Không thể xuất bản vì ngân hàng còn lỗi: ${problems.map((p) => p.message).join("; ")}.`;
}

/**
 * content:export for banks: writes each bank's published studio text into its file. A file whose text
 * is none of the studio's known texts was changed on disk: left alone (reported) unless `force`.
 */
export async function exportPublishedBanks(options: { root?: string; force?: boolean } = {}) {
  const root = options.root ?? process.cwd();
  const drafts = await prisma.quizBankDraft.findMany({ where: { publishedSource: { not: null } } });
  const written: string[] = [];
  const skipped: Problem[] = [];
  for (const draft of drafts) {
    const file = path.resolve(root, draft.sourcePath);
    const text = draft.publishedSource!;
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
    if (current === text) continue;
    const known = [draft.fileSource, draft.draftSource, draft.publishedSource];
    if (current !== null && !known.includes(current) && !options.force) {
      skipped.push({
        file: draft.sourcePath,
        line: 1,
        message:
          "bỏ qua: tệp ngân hàng câu hỏi đã được sửa ngoài studio; chạy content:export -- --force để ghi đè bằng bản đã xuất bản",
      });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(draft.sourcePath);
  }
  return { written, skipped };
}

/**
 * The question form's save: the form turned into a bank question, judged by the bank's rules, written
 * into the draft. Field errors come back keyed by form field; nothing is written then.
 */
export async function saveQuestionForm(options: {
  bank: StudioBank;
  type: QuestionType;
  id: string;
  form: QuestionFormInput;
  isNew: boolean;
  actorId: string;
  ip?: string;
}): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const raw = rawQuestion({ type: options.type, id: options.id, form: options.form });
  if (!raw.ok) return raw;
  const checked = await validateQuestion({ bank: options.bank, raw: raw.raw, isNew: options.isNew });
  if (!checked.ok) return checked;
  await saveQuestion({ bank: options.bank, question: checked.question, actorId: options.actorId, ip: options.ip });
  return { ok: true, id: checked.question.id };
}

/** The warnings the question page shows after a save: the bank's, and this question's own. */
export function questionWarnings(bank: StudioBank, questionId: string) {
  const parsed = parseStudioBank(bank);
  if (!parsed.bank) return [];
  return balanceWarnings(parsed.bank)
    .filter((w) => !w.questionId || w.questionId === questionId)
    .map((w) => w.message);
}
