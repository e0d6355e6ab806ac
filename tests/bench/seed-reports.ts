/**
 * npm run bench:seed — a province-sized database for the report benchmarks (`npm run bench -- reports`):
 * 100,000 learners in 2,001 units (one tỉnh, 100 xã/phường, 19 chi bộ/thôn under each), 5 courses of
 * 8 lessons, 2 module quizzes and a final exam, 4 assignments, and progress drawn from a seeded
 * random generator (started, lessons done, quizzes, completions with certificates, overdue people).
 * A generator, not the app: rows go in through better-sqlite3 directly, in one transaction per table.
 */
import fs from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";

import { ENROLLMENT_FACTS_SET } from "~/quizzes/enrollment-facts.server";

import { buildBaseDb, TMP_DIR } from "../setup/base-db";

export const REPORTS_DB = path.join(TMP_DIR, "bench-reports.db");

const LEARNERS = 100_000;
const XA = 100;
const CHI_BO_PER_XA = 19;
const COURSES = 5;
const LESSONS = 8;

// mulberry32: the same database every time.
let seed = 20270315;
function random() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");
const DAY = 86_400_000;

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Thanh", "Hữu", "Xuân", "Bảo", "Kim"];
const GIVEN = ["An", "Anh", "Ánh", "Bình", "Châu", "Cường", "Dung", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hằng"];
const GIVEN2 = ["Hiền", "Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Quân"];
const GIVEN3 = ["Sơn", "Tâm", "Thảo", "Thắng", "Thủy", "Trang", "Trung", "Tuấn", "Uyên", "Việt", "Xuân", "Yến"];
const GIVENS = [...GIVEN, ...GIVEN2, ...GIVEN3];

export function seedReports(now = new Date()) {
  buildBaseDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(REPORTS_DB + suffix, { force: true });
  fs.copyFileSync(path.join(TMP_DIR, "base.db"), REPORTS_DB);
  const db = new Database(REPORTS_DB);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const stamp = iso(now);
  const started = performance.now();

  // Units: ids are short and have no LIKE wildcards; paths nest.
  const units: { id: string; path: string; xa: number }[] = [];
  const insertUnit = db.prepare(
    `INSERT INTO "Unit" ("id","name","kind","parentId","path","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)`,
  );
  db.transaction(() => {
    insertUnit.run("t0", "Tỉnh Quảng Trị (đo tải)", "TINH", null, "/t0/", stamp, stamp);
    for (let x = 1; x <= XA; x++) {
      const xa = `x${x}`;
      insertUnit.run(
        xa,
        `${x % 4 === 0 ? "Phường" : "Xã"} Đo Tải ${x}`,
        x % 4 ? "XA" : "PHUONG",
        "t0",
        `/t0/${xa}/`,
        stamp,
        stamp,
      );
      for (let c = 1; c <= CHI_BO_PER_XA; c++) {
        const id = `x${x}c${c}`;
        insertUnit.run(id, `Chi bộ thôn ${c} – xã ${x}`, "CHI_BO", xa, `/t0/${xa}/${id}/`, stamp, stamp);
        units.push({ id, path: `/t0/${xa}/${id}/`, xa: x });
      }
    }
  })();

  // Courses with lessons, module quizzes and a final exam.
  const courseIds = Array.from({ length: COURSES }, (_, i) => `khoa-do-${i + 1}`);
  const lessonsOf = new Map<string, string[]>();
  db.transaction(() => {
    const course = db.prepare(
      `INSERT INTO "Course" ("id","title","description","objectives","estimatedMinutes","tags","status","audience","hours","version","completionRule","introHtml","sourceHash","position","createdAt","updatedAt")
       VALUES (?,?,'','[]',120,'[]','published','',4,1,'{"lessons":"all","moduleQuizzes":"pass","finalExam":"pass"}','','',?,?,?)`,
    );
    const mod = db.prepare(
      `INSERT INTO "Module" ("id","courseId","slug","title","description","status","position","introHtml","sourceHash") VALUES (?,?,?,?,'','published',?,'','')`,
    );
    const lesson = db.prepare(
      `INSERT INTO "Lesson" ("id","courseId","moduleId","slug","title","description","objectives","estimatedMinutes","tags","status","position","sourcePath","sourceHash","html","headings","plainText","wordCount","builtAt")
       VALUES (?,?,?,?,?,'','[]',10,'[]','published',?,'','','','[]','',0,?)`,
    );
    const quiz = db.prepare(
      `INSERT INTO "Quiz" ("id","courseId","moduleId","kind","title","settings","sourceHash") VALUES (?,?,?,?,?,'{}','')`,
    );
    courseIds.forEach((id, i) => {
      course.run(id, `Khóa học đo tải ${i + 1}`, i, stamp, stamp);
      const lessons: string[] = [];
      for (let m = 1; m <= 2; m++) {
        const moduleId = `${id}/chuong-${m}`;
        mod.run(moduleId, id, `chuong-${m}`, `Chương ${m}`, m);
        quiz.run(moduleId, id, moduleId, "module", `Kiểm tra chương ${m}`);
        for (let l = 1; l <= LESSONS / 2; l++) {
          const lessonId = `${id}/bai-${m}-${l}`;
          lesson.run(lessonId, id, moduleId, `bai-${m}-${l}`, `Bài ${m}.${l}`, (m - 1) * 4 + l, stamp);
          lessons.push(lessonId);
        }
      }
      quiz.run(`${id}/exam`, id, null, "exam", "Bài thi cuối khóa");
      lessonsOf.set(id, lessons);
    });
  })();

  // People: 100,000 learners spread over the chi bộ, plus the administrator who runs the report.
  const people: { id: string; unit: (typeof units)[number] }[] = [];
  db.transaction(() => {
    const user = db.prepare(
      `INSERT INTO "User" ("id","email","fullName","passwordHash","position","unitId","active","createdAt","updatedAt") VALUES (?,?,?,'x','',?,?,?,?)`,
    );
    const role = db.prepare(`INSERT INTO "UserRole" ("userId","role") VALUES (?,?)`);
    user.run("admin", "quantri-dotai@hocdanvan.test", "Quản Trị Đo Tải", "t0", 1, stamp, stamp);
    role.run("admin", "ADMIN");
    for (let i = 0; i < LEARNERS; i++) {
      const id = `u${i}`;
      const unit = units[i % units.length]!;
      const name = `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVENS)}`;
      // About 1 % deactivated: they must drop out of every figure.
      user.run(id, `hv${i}@dotai.test`, name, unit.id, random() < 0.01 ? 0 : 1, stamp, stamp);
      role.run(id, "LEARNER");
      people.push({ id, unit });
    }
  })();

  // Assignments: course 1 to the whole province (overdue), course 2 to the province (due later),
  // course 3 to 30 xã (due in 10 days), course 4 to 2,000 people by name; course 5 self-enrolled.
  const assignments = [
    { id: "a1", course: courseIds[0]!, due: now.getTime() - 30 * DAY, units: ["t0"], users: [] as string[] },
    { id: "a2", course: courseIds[1]!, due: now.getTime() + 60 * DAY, units: ["t0"], users: [] as string[] },
    {
      id: "a3",
      course: courseIds[2]!,
      due: now.getTime() + 10 * DAY,
      units: Array.from({ length: 30 }, (_, i) => `x${i + 1}`),
      users: [] as string[],
    },
    {
      id: "a4",
      course: courseIds[3]!,
      due: now.getTime() - 5 * DAY,
      units: [] as string[],
      users: Array.from({ length: 2000 }, (_, i) => `u${i * 50}`),
    },
  ];
  db.transaction(() => {
    const a = db.prepare(
      `INSERT INTO "Assignment" ("id","courseId","title","note","startAt","dueAt","ownerUnitId","createdById","createdAt","updatedAt") VALUES (?,?,?,'',?,?,NULL,'admin',?,?)`,
    );
    const au = db.prepare(`INSERT INTO "AssignmentUnit" ("assignmentId","unitId","includeSubtree") VALUES (?,?,1)`);
    const an = db.prepare(`INSERT INTO "AssignmentUser" ("assignmentId","userId") VALUES (?,?)`);
    for (const x of assignments) {
      a.run(x.id, x.course, `Đợt ${x.id}`, iso(new Date(now.getTime() - 60 * DAY)), iso(new Date(x.due)), stamp, stamp);
      for (const u of x.units) au.run(x.id, u);
      for (const u of x.users) an.run(x.id, u);
    }
  })();

  // Progress per (person, course): who is reached, then a realistic spread of how far they got.
  const reached = (p: (typeof people)[number], i: number) => [
    courseIds[0]!,
    courseIds[1]!,
    ...(p.unit.xa <= 30 ? [courseIds[2]!] : []),
    ...(i % 50 === 0 ? [courseIds[3]!] : []),
    ...(random() < 0.08 ? [courseIds[4]!] : []),
  ];
  const counts = { enrollments: 0, lessonProgress: 0, attempts: 0, completions: 0 };
  db.transaction(() => {
    const enrol = db.prepare(
      `INSERT INTO "Enrollment" ("id","userId","courseId","source","enrolledAt","dueAt","startedAt") VALUES (?,?,?,?,?,?,?)`,
    );
    const lp = db.prepare(
      `INSERT INTO "LessonProgress" ("userId","lessonId","startedAt","completedAt") VALUES (?,?,?,?)`,
    );
    const attempt = db.prepare(
      `INSERT INTO "QuizAttempt" ("id","userId","quizId","layout","startedAt","submittedAt","status","passPercent","points","maxPoints","score","passed")
       VALUES (?,?,?,'[]',?,?,'submitted',70,?,10,?,?)`,
    );
    const completion = db.prepare(
      `INSERT INTO "CourseCompletion" ("id","userId","courseId","courseVersion","completedAt","finalScore") VALUES (?,?,?,1,?,?)`,
    );
    const cert = db.prepare(
      `INSERT INTO "Certificate" ("id","serial","completionId","sequence","userId","courseId","payload","signature","keyId","issuedAt") VALUES (?,?,?,1,?,?,'{}','x','bench',?)`,
    );
    let n = 0;
    people.forEach((p, i) => {
      for (const courseId of reached(p, i)) {
        const assigned = courseId !== courseIds[4];
        // 92 % of the assigned have visited since (enrolled); the self-enrolled are, by definition.
        if (assigned && random() > 0.92) continue;
        const progress = random();
        const lessons = lessonsOf.get(courseId)!;
        const begin = now.getTime() - Math.floor(random() * 50 * DAY);
        const done = progress < 0.25 ? 0 : progress > 0.6 ? LESSONS : Math.ceil(((progress - 0.25) / 0.35) * LESSONS);
        const startedAt = progress < 0.2 ? null : iso(new Date(begin));
        enrol.run(
          `e${n++}`,
          p.id,
          courseId,
          assigned ? "assigned" : "self",
          iso(new Date(begin - DAY)),
          null,
          startedAt,
        );
        counts.enrollments++;
        if (!startedAt) continue;
        for (let l = 0; l < Math.max(1, done); l++) {
          lp.run(
            p.id,
            lessons[l]!,
            iso(new Date(begin + l * 3600_000)),
            l < done ? iso(new Date(begin + l * 3600_000 + 600_000)) : null,
          );
          counts.lessonProgress++;
        }
        if (done < LESSONS) continue;
        const at = iso(new Date(begin + DAY));
        for (const m of [1, 2]) {
          attempt.run(`q${n++}`, p.id, `${courseId}/chuong-${m}`, at, at, 9, 90, 1);
          counts.attempts++;
        }
        const passes = random() < 0.85;
        const score = passes ? 70 + Math.floor(random() * 31) : 30 + Math.floor(random() * 40);
        attempt.run(`q${n++}`, p.id, `${courseId}/exam`, at, at, score / 10, score, passes ? 1 : 0);
        counts.attempts++;
        if (!passes) continue;
        const cid = `c${n++}`;
        completion.run(cid, p.id, courseId, at, score);
        cert.run(`k${n++}`, `DVK-2027-${n.toString(36).toUpperCase().padStart(6, "0")}`, cid, p.id, courseId, at);
        counts.completions++;
      }
    });
  })();
  // Rows went in directly, not through the app's events: derive the enrolments' report facts the
  // way the migration's backfill does.
  db.exec(`UPDATE "Enrollment" SET ${ENROLLMENT_FACTS_SET}`);
  db.pragma("optimize");
  db.close();
  return { ...counts, units: units.length + XA + 1, learners: LEARNERS, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = seedReports();
  console.log(
    `bench:seed → ${REPORTS_DB}: ${r.learners} learners in ${r.units} units, ${r.enrollments} enrolments, ` +
      `${r.lessonProgress} lesson progress rows, ${r.attempts} quiz attempts, ${r.completions} completions ` +
      `(${r.seconds.toFixed(1)} s)`,
  );
}
