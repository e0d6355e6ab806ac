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

/** The instant a calendar day ("2027-03-31") begins in Vietnam (UTC+7, no daylight saving). */
export function vietnamDayStart(day: string) {
  return new Date(`${day}T00:00:00.000+07:00`);
}

/** The last millisecond of a calendar day in Vietnam: a due date "31/03/2027" is met until midnight. */
export function vietnamDayEnd(day: string) {
  return new Date(`${day}T23:59:59.999+07:00`);
}

/** A Date as the value of an `<input type="date">`, in Vietnam's calendar. */
export function toDayInput(value: Date | string | number) {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(toDate(value));
  return parts;
}

/** Whole calendar days from today to the due date in Vietnam (0 = due today, negative = overdue). */
export function daysUntil(due: Date | string | number, now: Date = new Date()) {
  const day = (d: Date) => Date.parse(`${toDayInput(d)}T00:00:00Z`);
  return Math.round((day(toDate(due)) - day(now)) / 86_400_000);
}
