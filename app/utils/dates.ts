/** Dates are shown dd/mm/yyyy (and HH:mm) in Vietnam's time zone, whatever the server's zone. */
const TIME_ZONE = "Asia/Ho_Chi_Minh";

const dateFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const timeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

const yearFormat = new Intl.DateTimeFormat("en", { timeZone: TIME_ZONE, year: "numeric" });

function toDate(value: Date | string | number) {
  return value instanceof Date ? value : new Date(value);
}

/** 29/11/2026 */
export function formatDate(value: Date | string | number) {
  return dateFormat.format(toDate(value));
}

/** 10:32 */
export function formatTime(value: Date | string | number) {
  return timeFormat.format(toDate(value));
}

/** 10:32 29/11/2026 */
export function formatDateTime(value: Date | string | number) {
  return `${formatTime(value)} ${formatDate(value)}`;
}

/** The calendar year in Vietnam (a certificate completed at 00:30 on 1 January counts for the new year). */
export function yearInVietnam(value: Date | string | number) {
  return Number(yearFormat.format(toDate(value)));
}
