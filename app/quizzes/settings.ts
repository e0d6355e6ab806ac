import { z } from "zod";

/**
 * A quiz's settings: how many questions are drawn (and by which quotas), time, attempts, pass
 * mark and when answers are shown. Written by the bank files (content), read by attempts.
 */

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
const count = (field: string) =>
  z
    .number({ error: `“${field}” phải là số nguyên` })
    .int(`“${field}” phải là số nguyên`)
    .min(1, `“${field}” phải ≥ 1`);

export const DrawSchema = z.union([
  count("draw"),
  z.strictObject({
    count: count("draw.count"),
    byDifficulty: z.partialRecord(z.enum(DIFFICULTIES), z.number().int().min(0)).optional(),
    byTag: z.record(z.string(), z.number().int().min(0)).optional(),
  }),
]);

export const QuizSettingsSchema = z.strictObject({
  draw: DrawSchema,
  shuffleQuestions: z.boolean().default(true),
  shuffleOptions: z.boolean().default(true),
  timeLimitMinutes: count("timeLimitMinutes").max(600).optional(),
  maxAttempts: count("maxAttempts").optional(),
  passPercent: z.number({ error: "“passPercent” phải là số" }).min(1).max(100).default(70),
  minWaitMinutes: z.number().int().min(0).default(0),
  showAnswers: z
    .enum(["after_each_attempt", "after_passing", "never"], {
      error: "“showAnswers” là after_each_attempt, after_passing hoặc never",
    })
    .default("after_each_attempt"),
});
export type QuizSettings = z.infer<typeof QuizSettingsSchema> & { fromModules?: number };
