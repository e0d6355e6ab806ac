import { prisma } from "~/db.server";
import { readLayout } from "~/quizzes/stored.server";

/**
 * Quiz forms for tests. Pages name options by random per-attempt form ids, never by the bank's
 * ids; tests write answers in bank ids (readable, stable) and these helpers translate them
 * through the attempt's stored layout, as the page would show them.
 */

export async function attemptLayout(attemptId: string) {
  const attempt = await prisma.quizAttempt.findUniqueOrThrow({ where: { id: attemptId } });
  return readLayout(attempt.layout);
}

/** The form id of a bank option in this attempt; an id that is no option is kept as it is (tampering stays tampering). */
export async function formIdOf(attemptId: string) {
  const layout = await attemptLayout(attemptId);
  return (questionId: string, bankId: string) => {
    const entry = layout.find((l) => l.questionId === questionId);
    const index = entry ? entry.optionOrder.indexOf(bankId) : -1;
    return entry && index >= 0 ? entry.formIds[index]! : bankId;
  };
}

/** `[name, value]` pairs written with bank ids (`q:<question>` = option, `q:<question>:<option>` = position), as form fields. */
export async function answerForm(attemptId: string, entries: [string, string][]) {
  const formId = await formIdOf(attemptId);
  const form = new FormData();
  for (const [name, value] of entries) {
    const [, questionId = "", option] = name.split(":");
    if (option !== undefined) form.append(`q:${questionId}:${formId(questionId, option)}`, value);
    else form.append(name, value === "true" || value === "false" ? value : formId(questionId, value));
  }
  return form;
}

/** The fields that answer every question of the attempt right, from its own answer key, in form ids. */
export async function correctAnswerFields(attemptId: string): Promise<[string, string][]> {
  const layout = await attemptLayout(attemptId);
  const formId = await formIdOf(attemptId);
  return layout.flatMap((q): [string, string][] => {
    if (typeof q.answer === "boolean") return [[`q:${q.questionId}`, String(q.answer)]];
    if (q.type === "ordering")
      return [q.answer].flat().map((id, i) => [`q:${q.questionId}:${formId(q.questionId, id)}`, String(i + 1)]);
    return [q.answer].flat().map((id) => [`q:${q.questionId}`, formId(q.questionId, id)]);
  });
}
