import { type ReportStatusValue, STATUSES_LIST } from "~/reports/labels";
import { vietnamDayEnd, vietnamDayStart } from "~/utils/dates";

/**
 * Report filters from the query string, shared by the page and its exports, so a downloaded file
 * always holds exactly what the page showed. Unknown or malformed values are ignored.
 */
export type ReportQuery = {
  unitId: string;
  subtree: boolean;
  courseId: string;
  assignmentId: string;
  status: ReportStatusValue | "";
  from: string;
  to: string;
  page: number;
};

const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : "");

export function parseReportQuery(url: URL): ReportQuery {
  const p = url.searchParams;
  const status = p.get("status") ?? "";
  return {
    unitId: p.get("unitId")?.slice(0, 64) ?? "",
    subtree: p.get("subtree") !== "0",
    courseId: p.get("courseId")?.slice(0, 200) ?? "",
    assignmentId: p.get("assignmentId")?.slice(0, 64) ?? "",
    status: (STATUSES_LIST as readonly string[]).includes(status) ? (status as ReportStatusValue) : "",
    from: day(p.get("from")),
    to: day(p.get("to")),
    page: Math.max(1, Number.parseInt(p.get("page") ?? "1", 10) || 1),
  };
}

/** The domain's filters for a parsed query, at `now`. */
export function toFilters(q: ReportQuery, now: Date) {
  return {
    unitId: q.unitId || undefined,
    subtree: q.subtree,
    courseId: q.courseId || undefined,
    assignmentId: q.assignmentId || undefined,
    dueFrom: q.from ? vietnamDayStart(q.from) : undefined,
    dueTo: q.to ? vietnamDayEnd(q.to) : undefined,
    now,
  };
}

/** The query string for a report link, dropping empty values and defaults. */
export function reportHref(base: string, q: Partial<ReportQuery>) {
  const params = new URLSearchParams();
  if (q.unitId) params.set("unitId", q.unitId);
  if (q.subtree === false) params.set("subtree", "0");
  if (q.courseId) params.set("courseId", q.courseId);
  if (q.assignmentId) params.set("assignmentId", q.assignmentId);
  if (q.status) params.set("status", q.status);
  if (q.from) params.set("from", q.from);
  if (q.to) params.set("to", q.to);
  if (q.page && q.page > 1) params.set("page", String(q.page));
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}
