/**
 * Prints, as one SQL script, every statement the report domain sends (figures by course and by
 * assignment, each status's people list, their details, an assignment's members, the enrolment
 * facts refresh), with the bound values written in as literals. Run against an empty migrated
 * SQLite database; `tests/portability/postgres.sh` runs the script on a throwaway PostgreSQL 15
 * to prove the report SQL is portable (issue #16 brings PostgreSQL itself).
 */
import Database from "better-sqlite3";

const captured: string[] = [];
const literal = (v: unknown) =>
  v === null || v === undefined
    ? "NULL"
    : typeof v === "number" || typeof v === "bigint"
      ? String(v)
      : `'${String(v).replace(/'/g, "''")}'`;
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, source: string) {
  const statement = prepare.call(this, source);
  const record = (params: unknown[]) => {
    if (!/"(Enrollment|AssignmentUnit|QuizAttempt)"/.test(source)) return;
    let i = 0;
    const flat = params.flat();
    captured.push(source.replace(/\?/g, () => literal(flat[i++])).trim() + ";");
  };
  // The Prisma adapter binds once (`bind(args)`), then runs without arguments.
  const bind = statement.bind;
  (statement as unknown as Record<string, unknown>).bind = (...args: unknown[]) => (
    record(args),
    bind.apply(statement, args as never)
  );
  return statement;
} as typeof Database.prototype.prepare;

const { prisma } = await import("~/db.server");
const { createSession, validateSessionToken } = await import("~/auth/session.server");
const reports = await import("~/reports/reports.server");
const { listMembers } = await import("~/assignments/membership.server");
const { refreshEnrollmentFacts } = await import("~/quizzes/enrollment-facts.server");

const unit = await prisma.unit.create({ data: { name: "Tỉnh", kind: "TINH", path: "/p0/" } });
const admin = await prisma.user.create({
  data: {
    email: "a@x.test",
    fullName: "Quản Trị",
    passwordHash: "x",
    unitId: unit.id,
    roles: { create: [{ role: "ADMIN" }] },
  },
});
const { token } = await createSession({ userId: admin.id });
const actor = (await validateSessionToken(token)).user!;
const now = new Date("2027-03-15T03:00:00Z");
const base = { subtree: true, now, dueFrom: new Date("2027-01-01"), dueTo: new Date("2027-12-31") };
await reports.completionReport({ actor, filters: { subtree: true, now } });
await reports.completionReport({ actor, filters: { unitId: unit.id, subtree: false, courseId: "k", now } });
await reports.completionReport({ actor, filters: base, byAssignment: true });
for (const status of reports.STATUSES)
  await reports.peopleKeys({ actor, filters: { unitId: unit.id, subtree: true, now }, status });
const keys = [{ userId: admin.id, courseId: "k", key: "k", fullName: "Quản Trị", dueAt: null }];
const rows = await reports.peopleDetails({ keys, now });
await reports.peopleExtras(rows.length ? rows : [{ userId: admin.id, courseId: "k" } as never]);
await listMembers("none");
await refreshEnrollmentFacts(prisma, { userId: admin.id, courseId: "k" });
await prisma.$disconnect();
process.stdout.write([...new Set(captured)].join("\n\n") + "\n");
