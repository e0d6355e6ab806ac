import type { QuestionType } from "~/quizzes/grading";

export const QUESTION_TYPE_HINTS: Record<QuestionType, string> = {
  single: "Chọn một đáp án",
  multiple: "Chọn tất cả đáp án đúng",
  true_false: "Đúng hay sai?",
  ordering: "Sắp xếp theo thứ tự đúng (1 là đầu tiên)",
};

export const SHOW_ANSWERS_LABELS = {
  after_each_attempt: "sau mỗi lần nộp bài",
  after_passing: "sau khi bạn đạt yêu cầu",
  never: "không công bố đáp án",
} as const;
