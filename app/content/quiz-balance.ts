import type { BankQuestion } from "~/content/quiz-banks.server";
import { drawQuestions, type PoolQuestion, seededRandom, shuffle } from "~/quizzes/draw";
import { type AnswerValue, gradeTotals, scoreResponse } from "~/quizzes/grading";
import type { QuizSettings } from "~/quizzes/settings";

/**
 * Bank balance: can a learner who has not read the lessons pass by the shape of the options?
 * Measured per bank (content:check prints it and fails a bank outside the limits):
 * - single: share of items whose correct option is the strictly longest, and items whose correct
 *   option is much longer than the longest distractor;
 * - true/false: share of "Đúng" answers;
 * - multiple: items whose answer is "all options but one";
 * - the pass probability of the no-knowledge strategy over the bank's own draw and pass mark:
 *   the longest option for single, "Sai" for true/false, every option but the shortest for
 *   multiple, ordering left as displayed. Drawn and graded with the real draw and grading code.
 * Pure: no file system, deterministic for a given bank (seeded Monte Carlo).
 */

export const BALANCE_LIMITS = {
  /** Most single items whose correct option is the strictly longest. */
  longestCorrectShare: 0.35,
  /** A correct option longer than the longest distractor by more than this is "much longer". */
  muchLongerRatio: 1.15,
  /** "Đúng" answers among true/false items… */
  trueShareMin: 0.4,
  trueShareMax: 0.6,
  /** …checked only from this many true/false items. */
  trueFalseMinItems: 4,
  /** Multiple items with "all but one" correct: at most half, checked from this many multiple items. */
  allButOneShare: 0.5,
  multipleMinItems: 3,
  /** Highest pass probability of the no-knowledge strategy. */
  passProbability: 0.05,
  /** Monte Carlo draws. */
  draws: 20_000,
} as const;

export type BalanceQuestion = BankQuestion;

export type BankBalance = {
  /** Questions in the bank itself (an exam's module questions not counted). */
  items: number;
  single: number;
  /** Single items whose correct option is the strictly longest. */
  longestCorrect: string[];
  /** Single items whose correct option is more than `muchLongerRatio` times the longest distractor. */
  muchLonger: { id: string; correct: number; distractor: number }[];
  trueFalse: number;
  trueAnswers: number;
  multiple: number;
  /** Multiple items whose answer is every option but one. */
  allButOne: string[];
  /** Share of draws the no-knowledge strategy passes, 0–1. */
  passProbability: number;
  /** Questions in one draw (own and from the modules). */
  drawSize: number;
};

export type BalanceProblem = { questionId?: string; message: string };

/** Length of an option as a learner sees it: characters, surrounding spaces ignored. */
export const optionLength = (text: string) => [...text.trim().normalize("NFC")].length;

const share = (n: number, of: number) => (of ? n / of : 0);
/** 0.345 → "34,5 %" (Vietnamese decimal comma). */
export const percent = (x: number) => `${String(Math.round(x * 1000) / 10).replace(".", ",")} %`;

/** What the no-knowledge learner answers, given the options in displayed order. */
export function noKnowledgeResponse(
  question: BalanceQuestion,
  optionOrder: string[],
  lengths: Map<string, number> = optionLengths(question),
): AnswerValue | null {
  if (question.type === "true_false") return false;
  const len = (id: string) => lengths.get(id) ?? 0;
  switch (question.type) {
    case "single": {
      // Ties go to the first of the longest as displayed.
      let best = optionOrder[0]!;
      for (const id of optionOrder) if (len(id) > len(best)) best = id;
      return best;
    }
    case "multiple": {
      let shortest = optionOrder[0]!;
      for (const id of optionOrder) if (len(id) < len(shortest)) shortest = id;
      return optionOrder.filter((id) => id !== shortest);
    }
    case "ordering":
      return optionOrder;
  }
}

const optionLengths = (q: BalanceQuestion) =>
  new Map("options" in q ? q.options.map((o) => [o.id, optionLength(o.text)]) : []);

const toPool = (q: BalanceQuestion): PoolQuestion => ({
  id: q.id,
  type: q.type,
  difficulty: q.difficulty,
  tags: q.tags,
  options: "options" in q ? q.options : [],
});

/** Probability that the no-knowledge strategy passes one attempt, by seeded Monte Carlo. */
export function noKnowledgePassProbability(options: {
  questions: BalanceQuestion[];
  settings: QuizSettings;
  /** The course's module questions, for an exam with `fromModules`. */
  moduleQuestions?: BalanceQuestion[];
  draws?: number;
  seed?: number;
}) {
  const draws = options.draws ?? BALANCE_LIMITS.draws;
  const random = seededRandom(options.seed ?? 13);
  const modules = options.settings.fromModules ? (options.moduleQuestions ?? []) : [];
  const byId = new Map(
    [...options.questions, ...modules].map((q) => [
      q.id,
      {
        question: q,
        lengths: optionLengths(q),
        key: { type: q.type, answer: q.answer, scoring: "scoring" in q ? q.scoring : "all_or_nothing" },
      },
    ]),
  );
  const own = options.questions.map(toPool);
  const pool = modules.map(toPool);
  let passes = 0;
  let drawSize = 0;
  for (let i = 0; i < draws; i++) {
    const drawn = drawQuestions({ own, modules: pool, settings: options.settings, random });
    drawSize = drawn.length;
    let points = 0;
    for (const d of drawn) {
      const { question, lengths, key } = byId.get(d.questionId)!;
      points += scoreResponse(key, noKnowledgeResponse(question, d.optionOrder, lengths));
    }
    if (gradeTotals({ points, maxPoints: drawn.length, passPercent: options.settings.passPercent }).passed) passes++;
  }
  return { passProbability: share(passes, draws), drawSize };
}

export function bankBalance(options: {
  questions: BalanceQuestion[];
  settings: QuizSettings;
  moduleQuestions?: BalanceQuestion[];
  draws?: number;
  seed?: number;
}): BankBalance {
  const { questions } = options;
  const longestCorrect: string[] = [];
  const muchLonger: BankBalance["muchLonger"] = [];
  const allButOne: string[] = [];
  let single = 0;
  let trueFalse = 0;
  let trueAnswers = 0;
  let multiple = 0;
  for (const q of questions) {
    if (q.type === "single") {
      single++;
      const correct = optionLength(q.options.find((o) => o.id === q.answer)?.text ?? "");
      const distractor = Math.max(0, ...q.options.filter((o) => o.id !== q.answer).map((o) => optionLength(o.text)));
      if (correct > distractor) longestCorrect.push(q.id);
      if (correct > distractor * BALANCE_LIMITS.muchLongerRatio) muchLonger.push({ id: q.id, correct, distractor });
    } else if (q.type === "true_false") {
      trueFalse++;
      if (q.answer) trueAnswers++;
    } else if (q.type === "multiple") {
      multiple++;
      if (q.answer.length === q.options.length - 1) allButOne.push(q.id);
    }
  }
  return {
    items: questions.length,
    single,
    longestCorrect,
    muchLonger,
    trueFalse,
    trueAnswers,
    multiple,
    allButOne,
    ...noKnowledgePassProbability(options),
  };
}

/** The limits a bank breaks, as Vietnamese messages (a question id where one question is at fault). */
export function balanceProblems(balance: BankBalance): BalanceProblem[] {
  const L = BALANCE_LIMITS;
  const problems: BalanceProblem[] = [];
  const longestShare = share(balance.longestCorrect.length, balance.single);
  if (longestShare > L.longestCorrectShare)
    problems.push({
      message: `đáp án đúng là phương án dài nhất ở ${balance.longestCorrect.length}/${balance.single} câu một đáp án (${percent(longestShare)}; tối đa ${percent(L.longestCorrectShare)})`,
    });
  for (const m of balance.muchLonger)
    problems.push({
      questionId: m.id,
      message: `câu ${m.id}: đáp án đúng dài ${m.correct} ký tự, hơn phương án nhiễu dài nhất (${m.distractor} ký tự) quá ${Math.round((L.muchLongerRatio - 1) * 100)} %`,
    });
  const trueShare = share(balance.trueAnswers, balance.trueFalse);
  if (balance.trueFalse >= L.trueFalseMinItems && (trueShare < L.trueShareMin || trueShare > L.trueShareMax))
    problems.push({
      message: `câu đúng/sai: ${balance.trueAnswers}/${balance.trueFalse} câu có đáp án “Đúng” (${percent(trueShare)}; cần từ ${percent(L.trueShareMin)} đến ${percent(L.trueShareMax)})`,
    });
  if (balance.multiple >= L.multipleMinItems && share(balance.allButOne.length, balance.multiple) > L.allButOneShare)
    problems.push({
      message: `câu nhiều đáp án: ${balance.allButOne.length}/${balance.multiple} câu có mọi phương án trừ một là đúng (tối đa một nửa); hãy thay đổi số đáp án đúng`,
    });
  if (balance.passProbability > L.passProbability)
    problems.push({
      message: `người không học (chọn phương án dài nhất, trả lời “Sai”, chọn mọi phương án trừ phương án ngắn nhất, giữ nguyên thứ tự) đạt bài với xác suất ${percent(balance.passProbability)} (tối đa ${percent(L.passProbability)})`,
    });
  return problems;
}

/** One row of the content:check table. */
export function balanceRow(balance: BankBalance) {
  return {
    items: balance.items,
    longestCorrect: balance.single ? percent(share(balance.longestCorrect.length, balance.single)) : "–",
    trueShare: balance.trueFalse
      ? `${percent(share(balance.trueAnswers, balance.trueFalse))} (${balance.trueAnswers}/${balance.trueFalse})`
      : "–",
    allButOne: balance.multiple ? `${balance.allButOne.length}/${balance.multiple}` : "–",
    passProbability: percent(balance.passProbability),
  };
}

/** The measuring code itself, so a cache of results can tell when it changed. */
export const BALANCE_CODE = [
  JSON.stringify(BALANCE_LIMITS),
  ...[
    bankBalance,
    noKnowledgePassProbability,
    noKnowledgeResponse,
    optionLength,
    drawQuestions,
    shuffle,
    seededRandom,
    scoreResponse,
    gradeTotals,
  ].map(String),
].join("\n");
