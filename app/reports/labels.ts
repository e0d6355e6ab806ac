/** Report statuses and their Vietnamese labels, shared by server and pages. */
export const STATUSES_LIST = ["counted", "not_started", "in_progress", "completed", "overdue"] as const;
export type ReportStatusValue = (typeof STATUSES_LIST)[number];
export const STATUS_LABEL: Record<ReportStatusValue, string> = {
  counted: "Tổng số được tính",
  not_started: "Chưa bắt đầu",
  in_progress: "Đang học",
  completed: "Đã hoàn thành",
  overdue: "Quá hạn",
};
