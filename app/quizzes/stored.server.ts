import { z } from "zod";

import type { AnswerValue, QuestionType } from "~/quizzes/grading";
import { QuizSettingsSchema } from "~/quizzes/settings";
import { parseJson, StringListSchema } from "~/utils/json";

/**
 * The JSON that quiz rows store as text, each with its schema and its one reader. Rows are
 * written by content:build and by the attempt code; reading them back through a schema turns
 * a malformed row into a clear error instead of a wrong grade.
 */

const QuestionTypeSchema = z.enum(["single", "multiple", "true_false", "ordering"]) satisfies z.ZodType<QuestionType>;
const AnswerValueSchema = z.union([z.string(), z.array(z.string()), z.boolean()]) satisfies z.ZodType<AnswerValue>;
const StoredOptionsSchema = z.array(z.object({ id: z.string(), html: z.string() }));

/**
 * What an attempt drew, with the answer key it is graded against (never sent to the browser).
 * `formIds` are the ids the learner's form uses for the options of `optionOrder`, position by
 * position: random per attempt, so no form value tells the bank's ids (a, b, c…) and with them
 * which option is usually right. Attempts started before they existed have none: there the
 * bank ids stand in.
 */
const LayoutSchema = z.array(
  z
    .object({
      questionId: z.string(),
      optionOrder: z.array(z.string()),
      formIds: z.array(z.string()).optional(),
      type: QuestionTypeSchema,
      answer: AnswerValueSchema,
      scoring: z.string(),
    })
    .transform((entry) => ({ ...entry, formIds: entry.formIds ?? entry.optionOrder })),
);
export type Layout = z.infer<typeof LayoutSchema>;

const GradedAnswersSchema = z.array(
  z.object({ questionId: z.string(), response: AnswerValueSchema.nullable(), points: z.number() }),
);
export type GradedAnswer = z.infer<typeof GradedAnswersSchema>[number];
export type StoredOption = z.infer<typeof StoredOptionsSchema>[number];

export const readQuestionType = (type: string) => QuestionTypeSchema.parse(type);
/** Quiz.settings: the bank's settings, with the exam's `fromModules`. */
export const readSettings = (json: string) =>
  parseJson(QuizSettingsSchema.extend({ fromModules: z.number().int().min(0).optional() }), json, "Quiz.settings");
/** Question.options: [{ id, html }] in authoring order. */
export const readOptions = (json: string) => parseJson(StoredOptionsSchema, json, "Question.options");
/** Question.answer, AttemptAnswer.response: "b" | ["a","c"] | true | ["c","a","b"]. */
export const readAnswer = (json: string) => parseJson(AnswerValueSchema, json, "answer value");
/** Question.tags. */
export const readTags = (json: string) => parseJson(StringListSchema, json, "Question.tags");
/** QuizAttempt.layout. */
export const readLayout = (json: string) => parseJson(LayoutSchema, json, "QuizAttempt.layout");
/** QuizAttempt.flagged: the question ids flagged for review. */
export const readFlagged = (json: string) => parseJson(StringListSchema, json, "QuizAttempt.flagged");
/** QuizAttempt.gradedAnswers (null until submitted). */
export const readGradedAnswers = (json: string | null) =>
  json === null ? [] : parseJson(GradedAnswersSchema, json, "QuizAttempt.gradedAnswers");
