import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireUserWithRole } from "~/auth/guards.server";
import { ProgressBar } from "~/components/progress-bar";
import { listRecentBuilds } from "~/content/builds.server";
import { prisma } from "~/db.server";
import { setLessonRetired } from "~/studio/lessons.server";
import { LESSON_STATE_LABELS } from "~/studio/states";
import { studioTree } from "~/studio/tree.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { rejectForm } from "~/utils/forms.server";

const STATE_LABELS = LESSON_STATE_LABELS;

export const meta: MetaFunction = () => [{ title: "Soạn bài giảng – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const [builds, courses] = await Promise.all([listRecentBuilds(), studioTree()]);
  return {
    retired: new URL(args.request.url).searchParams.get("retired"),
    fullName: user.fullName,
    builds: builds.map((b) => ({ ...b, startedAt: formatDateTime(b.startedAt), finished: !!b.finishedAt })),
    courses,
  };
}

const RetireForm = z.object({
  intent: z.enum(["retire", "unretire"], { error: "Thao tác không hợp lệ." }),
  lessonId: z.string().min(1, "Thiếu bài học."),
});

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const formData = await args.request.formData();
  const parsed = parseForm(formData, RetireForm);
  if (!parsed.ok) return rejectForm(formData, parsed.errors);
  const lesson = await prisma.lesson.findUnique({ where: { id: parsed.data.lessonId }, select: { id: true } });
  if (!lesson) throw new Response("Không tìm thấy bài học.", { status: 404 });
  await setLessonRetired({
    lessonId: lesson.id,
    retired: parsed.data.intent === "retire",
    actor: { id: user.id, ip: args.context.clientIp },
  });
  return redirect(`/studio?retired=${parsed.data.intent === "retire" ? 1 : 0}`);
}

export default function Studio() {
  const { fullName, builds, courses, retired } = useLoaderData<typeof loader>();
  const latest = builds[0];
  return (
    <div className="container">
      <h1>Soạn bài giảng</h1>
      <p>
        Xin chào {fullName}. Chọn một bài để sửa, hoặc thêm bài mới vào một chương. Mỗi lần lưu là một phiên bản; người
        học chỉ thấy bài sau khi bạn bấm “Xuất bản”. Bản nháp chỉ giảng viên và quản trị viên nhìn thấy.
      </p>
      <section className="card">
        <h2>Lần biên dịch nội dung gần nhất</h2>
        {latest ? (
          <>
            <ProgressBar
              value={latest.total ? (latest.done / latest.total) * 100 : 0}
              label="Tiến độ biên dịch nội dung"
              detail={
                latest.finished
                  ? `Xong: ${latest.done}/${latest.total} tài liệu`
                  : `Đang biên dịch ${latest.done}/${latest.total}`
              }
            />
            <p className="muted">
              Bắt đầu {latest.startedAt}: biên dịch lại {latest.compiled}, không đổi {latest.unchanged}, lỗi{" "}
              {latest.failed}.
            </p>
            {latest.problems.length ? (
              <div className="alert alert-error">
                <p>Các lỗi cần sửa (tệp:dòng: thông báo):</p>
                <ul>
                  {latest.problems.map((p) => (
                    <li key={p}>
                      <code>{p}</code>
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p className="alert alert-success">Không có lỗi nội dung.</p>
            )}
          </>
        ) : (
          <p className="muted">Chưa có lần biên dịch nào. Chạy “npm run content:build”.</p>
        )}
      </section>
      <h2>Khóa học, chương và bài học</h2>
      {retired ? (
        <p className="alert alert-success" role="status">
          {retired === "1" ? "Đã ngừng dùng bài học: người học không còn thấy bài này." : "Bài học đã được dùng lại."}
        </p>
      ) : null}
      {courses.map((c) => (
        <section key={c.id} className="card studio-course" id={`khoa-${c.id}`} aria-labelledby={`khoa-${c.id}-title`}>
          <h3 id={`khoa-${c.id}-title`}>
            <a href={`/courses/${c.id}`}>{c.title}</a>{" "}
            {c.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
          </h3>
          {c.exam ? (
            <p>
              <a href={c.exam.editHref}>Bài thi cuối khóa: {c.exam.title}</a>{" "}
              <span className="muted">({c.exam.questions} câu)</span>
            </p>
          ) : null}
          {c.modules.map((m) => (
            <div key={m.id} className="studio-module">
              <h4>
                {m.title} {m.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
              </h4>
              <ul className="studio-lessons">
                {m.lessons.map((l) => (
                  <li key={l.id}>
                    <a href={`/studio/courses/${c.id}/${l.slug}`}>{l.title}</a>{" "}
                    <span className={`badge state-${l.state}`}>{STATE_LABELS[l.state]}</span>{" "}
                    <Form method="post" className="inline">
                      <input type="hidden" name="lessonId" value={l.id} />
                      {l.state === "retired" ? (
                        <button type="submit" name="intent" value="unretire" className="button-link">
                          Dùng lại<span className="visually-hidden"> bài “{l.title}”</span>
                        </button>
                      ) : (
                        <button type="submit" name="intent" value="retire" className="button-link">
                          Ngừng dùng<span className="visually-hidden"> bài “{l.title}”</span>
                        </button>
                      )}
                    </Form>
                  </li>
                ))}
              </ul>
              <p>
                <a href={`/studio/courses/${c.id}/modules/${m.slug}/new`}>+ Bài học mới trong chương này</a>
                {m.quiz ? (
                  <>
                    {" · "}Ngân hàng câu hỏi: <a href={m.quiz.editHref}>{m.quiz.title}</a>{" "}
                    <span className="muted">({m.quiz.questions} câu)</span>
                  </>
                ) : null}
              </p>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}
