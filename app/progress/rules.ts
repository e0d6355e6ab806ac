import type { CompletionRule } from "~/content/frontmatter.server";

/**
 * Whether a course is complete under its rule (course.mdx `completion`; default: every lesson
 * completed, every module quiz passed, the final exam passed). Pure, so every variant is testable.
 */
export function isCourseComplete(options: {
  rule: Omit<CompletionRule, "examOpens">;
  lessons: { completed: boolean }[];
  moduleQuizzes: { passed: boolean }[];
  exam: { passed: boolean } | null;
}) {
  const { rule } = options;
  if (rule.lessons === "all" && options.lessons.some((l) => !l.completed)) return false;
  if (rule.moduleQuizzes === "pass" && options.moduleQuizzes.some((q) => !q.passed)) return false;
  if (rule.finalExam === "pass" && options.exam && !options.exam.passed) return false;
  // A course must require something: a rule of all "none" would complete on enrolment.
  const required =
    (rule.lessons === "all" ? options.lessons.length : 0) +
    (rule.moduleQuizzes === "pass" ? options.moduleQuizzes.length : 0) +
    (rule.finalExam === "pass" && options.exam ? 1 : 0);
  return required > 0;
}

/** Share of the required items done, for progress bars (0–100). */
export function progressPercent(options: {
  rule: CompletionRule;
  lessons: { completed: boolean }[];
  moduleQuizzes: { passed: boolean }[];
  exam: { passed: boolean } | null;
}) {
  const items = [
    ...(options.rule.lessons === "all" ? options.lessons.map((l) => l.completed) : []),
    ...(options.rule.moduleQuizzes === "pass" ? options.moduleQuizzes.map((q) => q.passed) : []),
    ...(options.rule.finalExam === "pass" && options.exam ? [options.exam.passed] : []),
  ];
  return items.length ? Math.round((items.filter(Boolean).length / items.length) * 100) : 0;
}
