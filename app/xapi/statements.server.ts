import crypto from "node:crypto";

import { prisma } from "~/db.server";
import { PUBLIC_ORIGIN } from "~/env.server";
import { vietnamDayEnd, vietnamDayStart } from "~/utils/dates";

/**
 * Learning records as xAPI 1.0.3 statements (README "xAPI export"). Statement ids are UUID v5 of
 * the record's id, so exporting the same records again gives the same ids and a Learning Record
 * Store keeps one copy (it answers 204/409 for an id it already holds).
 */
export type XapiStatement = {
  id: string;
  actor: { objectType: "Agent"; name: string; account: { homePage: string; name: string } };
  verb: { id: string; display: Record<string, string> };
  object: {
    objectType: "Activity";
    id: string;
    definition: { name: Record<string, string>; type?: string };
  };
  result?: {
    score?: { scaled: number; raw?: number; min?: number; max?: number };
    success?: boolean;
    completion?: boolean;
  };
  context: {
    platform: string;
    language: string;
    contextActivities?: { parent: { objectType: "Activity"; id: string }[] };
  };
  timestamp: string;
};

/** ADL's verbs; "earned" (certificate issued) is from the xAPI vocabulary registry (ADL has none). */
export const VERBS = {
  completed: {
    id: "http://adlnet.gov/expapi/verbs/completed",
    display: { "vi-VN": "đã hoàn thành", "en-US": "completed" },
  },
  attempted: {
    id: "http://adlnet.gov/expapi/verbs/attempted",
    display: { "vi-VN": "đã làm bài", "en-US": "attempted" },
  },
  passed: { id: "http://adlnet.gov/expapi/verbs/passed", display: { "vi-VN": "đã đạt", "en-US": "passed" } },
  failed: { id: "http://adlnet.gov/expapi/verbs/failed", display: { "vi-VN": "chưa đạt", "en-US": "failed" } },
  earned: { id: "http://id.tincanapi.com/verb/earned", display: { "vi-VN": "đã được cấp", "en-US": "earned" } },
} as const;

const ACTIVITY_TYPES = {
  course: "http://adlnet.gov/expapi/activities/course",
  lesson: "http://adlnet.gov/expapi/activities/lesson",
  assessment: "http://adlnet.gov/expapi/activities/assessment",
  certificate: "https://w3id.org/xapi/tla/activity-types/credential",
};

const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8"; // RFC 4122, appendix C

/** RFC 4122 name-based UUID (version 5, SHA-1). */
export function uuidV5(name: string, namespace: string) {
  const hash = crypto
    .createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** This deployment's namespace: the same record gets the same id for the same origin. */
const NAMESPACE = uuidV5(PUBLIC_ORIGIN, URL_NAMESPACE);
const statementId = (kind: string, recordId: string) => uuidV5(`${kind}:${recordId}`, NAMESPACE);

const courseActivity = (courseId: string) => `${PUBLIC_ORIGIN}/courses/${encodeURIComponent(courseId)}`;

function actorOf(user: { id: string; fullName: string }) {
  return {
    objectType: "Agent" as const,
    name: user.fullName,
    // An account, not an mbox: email addresses change and are personal data an LRS need not hold.
    account: { homePage: PUBLIC_ORIGIN, name: user.id },
  };
}

const context = (parentCourseId?: string) => ({
  platform: "Học Dân vận",
  language: "vi-VN",
  ...(parentCourseId
    ? { contextActivities: { parent: [{ objectType: "Activity" as const, id: courseActivity(parentCourseId) }] } }
    : {}),
});

/** scaled must lie in [−1, 1]: our scores are 0–100. */
const scaled = (percent: number) => Math.min(1, Math.max(0, Math.round(percent * 10) / 1000));

export type XapiFilters = { from?: string; to?: string; unitPath?: string };

const CHUNK = 1000;

function range(filters: XapiFilters) {
  if (!filters.from && !filters.to) return undefined;
  return {
    ...(filters.from ? { gte: vietnamDayStart(filters.from) } : {}),
    ...(filters.to ? { lte: vietnamDayEnd(filters.to) } : {}),
  };
}

const userWhere = (filters: XapiFilters) =>
  filters.unitPath ? { user: { unit: { path: { startsWith: filters.unitPath } } } } : {};
const userSelect = { select: { id: true, fullName: true } } as const;

async function* lessonsCompleted(filters: XapiFilters): AsyncGenerator<XapiStatement> {
  let cursor: { userId: string; lessonId: string } | undefined;
  for (;;) {
    const rows = await prisma.lessonProgress.findMany({
      where: { completedAt: range(filters) ?? { not: null }, ...userWhere(filters) },
      orderBy: [{ userId: "asc" }, { lessonId: "asc" }],
      take: CHUNK,
      ...(cursor ? { cursor: { userId_lessonId: cursor }, skip: 1 } : {}),
      select: {
        userId: true,
        lessonId: true,
        completedAt: true,
        user: userSelect,
        lesson: { select: { slug: true, title: true, courseId: true } },
      },
    });
    for (const r of rows)
      yield {
        id: statementId("lesson-completed", `${r.userId}/${r.lessonId}`),
        actor: actorOf(r.user),
        verb: VERBS.completed,
        object: {
          objectType: "Activity",
          id: `${courseActivity(r.lesson.courseId)}/${encodeURIComponent(r.lesson.slug)}`,
          definition: { name: { "vi-VN": r.lesson.title }, type: ACTIVITY_TYPES.lesson },
        },
        result: { completion: true },
        context: context(r.lesson.courseId),
        timestamp: r.completedAt!.toISOString(),
      };
    if (rows.length < CHUNK) return;
    cursor = { userId: rows.at(-1)!.userId, lessonId: rows.at(-1)!.lessonId };
  }
}

async function* quizAttempts(filters: XapiFilters): AsyncGenerator<XapiStatement> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.quizAttempt.findMany({
      where: { startedAt: range(filters), ...userWhere(filters) },
      orderBy: { id: "asc" },
      take: CHUNK,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        startedAt: true,
        submittedAt: true,
        status: true,
        points: true,
        maxPoints: true,
        score: true,
        passed: true,
        user: userSelect,
        quiz: { select: { id: true, title: true, courseId: true } },
      },
    });
    for (const a of rows) {
      const object = {
        objectType: "Activity" as const,
        id: `${PUBLIC_ORIGIN}/quizzes/${encodeURIComponent(a.quiz.id)}`,
        definition: { name: { "vi-VN": a.quiz.title }, type: ACTIVITY_TYPES.assessment },
      };
      const base = { actor: actorOf(a.user), object, context: context(a.quiz.courseId) };
      yield {
        id: statementId("quiz-attempted", a.id),
        ...base,
        verb: VERBS.attempted,
        timestamp: a.startedAt.toISOString(),
      };
      if (a.status === "submitted" && a.submittedAt && a.score !== null && a.passed !== null)
        yield {
          id: statementId("quiz-graded", a.id),
          ...base,
          verb: a.passed ? VERBS.passed : VERBS.failed,
          result: {
            score: { scaled: scaled(a.score), raw: a.points ?? 0, min: 0, max: a.maxPoints },
            success: a.passed,
            completion: true,
          },
          timestamp: a.submittedAt.toISOString(),
        };
    }
    if (rows.length < CHUNK) return;
    cursor = rows.at(-1)!.id;
  }
}

async function* coursesCompleted(filters: XapiFilters): AsyncGenerator<XapiStatement> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.courseCompletion.findMany({
      where: { completedAt: range(filters), ...userWhere(filters) },
      orderBy: { id: "asc" },
      take: CHUNK,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        completedAt: true,
        finalScore: true,
        user: userSelect,
        course: { select: { id: true, title: true } },
      },
    });
    for (const c of rows)
      yield {
        id: statementId("course-completed", c.id),
        actor: actorOf(c.user),
        verb: VERBS.completed,
        object: {
          objectType: "Activity",
          id: courseActivity(c.course.id),
          definition: { name: { "vi-VN": c.course.title }, type: ACTIVITY_TYPES.course },
        },
        result: {
          completion: true,
          ...(c.finalScore !== null ? { score: { scaled: scaled(c.finalScore) }, success: true } : {}),
        },
        context: context(),
        timestamp: c.completedAt.toISOString(),
      };
    if (rows.length < CHUNK) return;
    cursor = rows.at(-1)!.id;
  }
}

async function* certificatesIssued(filters: XapiFilters): AsyncGenerator<XapiStatement> {
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.certificate.findMany({
      where: { issuedAt: range(filters), ...userWhere(filters) },
      orderBy: { id: "asc" },
      take: CHUNK,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        serial: true,
        issuedAt: true,
        user: userSelect,
        course: { select: { id: true, title: true } },
      },
    });
    for (const c of rows)
      yield {
        id: statementId("certificate-issued", c.id),
        actor: actorOf(c.user),
        verb: VERBS.earned,
        object: {
          objectType: "Activity",
          // The public verification page: anyone (an LRS reader too) can check the certificate there.
          id: `${PUBLIC_ORIGIN}/verify/${c.serial}`,
          definition: {
            name: { "vi-VN": `Chứng nhận ${c.serial}: ${c.course.title}` },
            type: ACTIVITY_TYPES.certificate,
          },
        },
        context: context(c.course.id),
        timestamp: c.issuedAt.toISOString(),
      };
    if (rows.length < CHUNK) return;
    cursor = rows.at(-1)!.id;
  }
}

/** Every statement matching the filters, read 1,000 records at a time. */
export async function* xapiStatements(filters: XapiFilters): AsyncGenerator<XapiStatement> {
  yield* lessonsCompleted(filters);
  yield* quizAttempts(filters);
  yield* coursesCompleted(filters);
  yield* certificatesIssued(filters);
}

/** A streamed JSON array (what an LRS's POST /statements takes), written as the records are read. */
export function xapiResponse(filters: XapiFilters) {
  const encoder = new TextEncoder();
  const iterator = xapiStatements(filters);
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode("["));
    },
    async pull(controller) {
      let chunk = "";
      for (let i = 0; i < 200; i++) {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode(`${chunk}]\n`));
          controller.close();
          return;
        }
        chunk += `${first ? "\n" : ",\n"}${JSON.stringify(next.value)}`;
        first = false;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="xapi-statements.json"',
      "Cache-Control": "private, no-store",
      "X-Experience-API-Version": "1.0.3",
    },
  });
}
