/** Lesson states in the studio, shared by the server (which computes them) and the pages. */
export type LessonState = "published" | "draft" | "changed" | "retired";

export const LESSON_STATE_LABELS: Record<LessonState, string> = {
  published: "Đã xuất bản",
  draft: "Bản nháp",
  changed: "Đã sửa sau khi xuất bản",
  retired: "Đã ngừng dùng",
};
