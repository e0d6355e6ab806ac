import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { requireUserWithRole } from "~/auth/guards.server";
import { ErrorSummary, valueOf } from "~/components/form-fields";
import { ProgressBar } from "~/components/progress-bar";
import { listRecentBuilds } from "~/content/builds.server";
import { prisma } from "~/db.server";
import {
  createModule,
  moveLesson,
  moveLessonToModule,
  moveModule,
  renameModule,
  setCourseStatus,
  setModuleRetired,
} from "~/studio/course-tree.server";
import { setLessonRetired } from "~/studio/lessons.server";
import { LESSON_STATE_LABELS } from "~/studio/states";
import { studioTree } from "~/studio/tree.server";
import { formatDateTime } from "~/utils/dates";
import { optionalText, parseForm, requiredText } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";

const STATE_LABELS = LESSON_STATE_LABELS;

export const meta: MetaFunction = () => [{ title: "Soạn bài giảng – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const [builds, courses] = await Promise.all([listRecentBuilds(), studioTree()]);
  return {
    retired: new URL(args.request.url).searchParams.get("retired"),
    done: new URL(args.request.url).searchParams.get("done"),
    fullName: user.fullName,
    builds: builds.map((b) => ({ ...b, startedAt: formatDateTime(b.startedAt), finished: !!b.finishedAt })),
    courses,
  };
}

const id = (label: string) =>
  z
    .string({ error: `Thiếu ${label}.` })
    .min(1, `Thiếu ${label}.`)
    .max(300);
const TreeForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.enum(["retire", "unretire"]), lessonId: id("bài học") }),
    z.object({ intent: z.enum(["lesson-up", "lesson-down"]), lessonId: id("bài học") }),
    z.object({ intent: z.literal("lesson-move"), lessonId: id("bài học"), moduleId: id("chương") }),
    z.object({
      intent: z.enum(["module-up", "module-down", "module-retire", "module-unretire"]),
      moduleId: id("chương"),
    }),
    z.object({ intent: z.literal("module-rename"), moduleId: id("chương"), title: requiredText("tên chương") }),
    z.object({
      intent: z.literal("module-create"),
      courseId: id("khóa học"),
      title: requiredText("tên chương"),
      slug: requiredText("địa chỉ chương", 80),
      description: optionalText("mô tả chương", 300),
    }),
    z.object({ intent: z.enum(["course-publish", "course-unpublish"]), courseId: id("khóa học") }),
  ],
  { error: "Thao tác không hợp lệ." },
);

/** What the page says after each change (no JavaScript: the redirect carries it). */
const DONE_MESSAGES: Record<string, string> = {
  "lesson-moved": "Đã đổi thứ tự bài học.",
  "module-moved": "Đã đổi thứ tự chương.",
  "module-renamed": "Đã đổi tên chương.",
  "module-created": "Đã tạo chương mới.",
  "module-retired": "Đã ngừng dùng chương: người học không còn thấy chương này và các bài của nó.",
  "module-unretired": "Chương đã được dùng lại.",
  "course-published": "Đã xuất bản khóa học: người học thấy khóa học trong danh mục.",
  "course-unpublished": "Khóa học đã trở về bản nháp: người học không còn thấy khóa học.",
  "course-created": "Đã tạo khóa học (bản nháp). Hãy thêm chương và bài học, rồi xuất bản.",
};

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const actor = { id: user.id, ip: args.context.clientIp };
  const formData = await args.request.formData();
  const parsed = parseForm(formData, TreeForm);
  if (!parsed.ok) return rejectForm(formData, parsed.errors);
  const form = parsed.data;
  return runFormAction(formData, async () => {
    switch (form.intent) {
      case "retire":
      case "unretire": {
        const lesson = await prisma.lesson.findUnique({ where: { id: form.lessonId }, select: { id: true } });
        if (!lesson) throw new Response("Không tìm thấy bài học.", { status: 404 });
        await setLessonRetired({ lessonId: lesson.id, retired: form.intent === "retire", actor });
        return redirect(`/studio?retired=${form.intent === "retire" ? 1 : 0}`);
      }
      case "lesson-up":
      case "lesson-down":
        await moveLesson({ lessonId: form.lessonId, direction: form.intent === "lesson-up" ? "up" : "down", actor });
        return redirect("/studio?done=lesson-moved");
      case "lesson-move":
        await moveLessonToModule({ lessonId: form.lessonId, moduleId: form.moduleId, actor });
        return redirect("/studio?done=lesson-moved");
      case "module-up":
      case "module-down":
        await moveModule({ moduleId: form.moduleId, direction: form.intent === "module-up" ? "up" : "down", actor });
        return redirect("/studio?done=module-moved");
      case "module-retire":
      case "module-unretire":
        await setModuleRetired({ moduleId: form.moduleId, retired: form.intent === "module-retire", actor });
        return redirect(`/studio?done=${form.intent === "module-retire" ? "module-retired" : "module-unretired"}`);
      case "module-rename":
        await renameModule({ moduleId: form.moduleId, title: form.title, actor });
        return redirect("/studio?done=module-renamed");
      case "module-create":
        await createModule({ ...form, description: form.description || form.title, actor });
        return redirect("/studio?done=module-created");
      case "course-publish":
      case "course-unpublish":
        await setCourseStatus({
          courseId: form.courseId,
          status: form.intent === "course-publish" ? "published" : "draft",
          actor,
        });
        return redirect(`/studio?done=${form.intent === "course-publish" ? "course-published" : "course-unpublished"}`);
    }
  });
}

export default function Studio() {
  const { fullName, builds, courses, retired, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failed = actionData?.ok === false ? actionData : null;
  const latest = builds[0];
  return (
    <div className="container">
      <h1>Soạn bài giảng</h1>
      <p>
        Xin chào {fullName}. Chọn một bài để sửa, hoặc thêm bài mới vào một chương. Mỗi lần lưu là một phiên bản; người
        học chỉ thấy bài sau khi bạn bấm “Xuất bản”. Bản nháp chỉ giảng viên và quản trị viên nhìn thấy.
      </p>
      <p>
        <a className="button" href="/studio/courses/new">
          + Khóa học mới
        </a>
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
      {failed ? (
        <>
          <ErrorSummary errors={failed.errors} />
          {Object.entries(failed.errors)
            .filter(([key]) => key !== "_form")
            .map(([key, message]) => (
              <p key={key} className="field-error">
                {message}
              </p>
            ))}
        </>
      ) : null}
      {retired ? (
        <p className="alert alert-success" role="status">
          {retired === "1" ? "Đã ngừng dùng bài học: người học không còn thấy bài này." : "Bài học đã được dùng lại."}
        </p>
      ) : null}
      {done && DONE_MESSAGES[done] ? (
        <p className="alert alert-success" role="status">
          {DONE_MESSAGES[done]}
        </p>
      ) : null}
      {courses.map((c) => (
        <section key={c.id} className="card studio-course" id={`khoa-${c.id}`} aria-labelledby={`khoa-${c.id}-title`}>
          <h3 id={`khoa-${c.id}-title`}>
            <a href={`/courses/${c.id}`}>{c.title}</a>{" "}
            {c.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
          </h3>
          <Form method="post" className="inline">
            <input type="hidden" name="courseId" value={c.id} />
            {c.status === "draft" ? (
              <button type="submit" name="intent" value="course-publish" className="button button-small">
                Xuất bản khóa học<span className="visually-hidden"> “{c.title}”</span>
              </button>
            ) : (
              <button type="submit" name="intent" value="course-unpublish" className="button-link">
                Chuyển khóa học về bản nháp<span className="visually-hidden"> “{c.title}”</span>
              </button>
            )}
          </Form>
          {c.treeEdited ? (
            <p className="muted">
              Cấu trúc khóa học đã được sửa trong studio; lần xuất nội dung tới (content:export) sẽ ghi lại vào thư mục
              content/.
            </p>
          ) : null}
          {c.exam ? (
            <p>
              <a href={c.exam.editHref}>Bài thi cuối khóa: {c.exam.title}</a>{" "}
              <span className="muted">({c.exam.questions} câu)</span>
            </p>
          ) : null}
          {c.modules.map((m, mi) => (
            <div key={m.id} className="studio-module" id={`chuong-${c.id}-${m.slug}`}>
              <h4>
                {mi + 1}. {m.title} {m.status === "draft" ? <span className="badge badge-off">Bản nháp</span> : null}
                {m.retired ? <span className="badge state-retired">Đã ngừng dùng</span> : null}
              </h4>
              <Form method="post" className="inline">
                <input type="hidden" name="moduleId" value={m.id} />
                {mi > 0 ? (
                  <button type="submit" name="intent" value="module-up" className="button-link">
                    Lên<span className="visually-hidden"> chương “{m.title}”</span>
                  </button>
                ) : null}{" "}
                {mi < c.modules.length - 1 ? (
                  <button type="submit" name="intent" value="module-down" className="button-link">
                    Xuống<span className="visually-hidden"> chương “{m.title}”</span>
                  </button>
                ) : null}{" "}
                {m.retired ? (
                  <button type="submit" name="intent" value="module-unretire" className="button-link">
                    Dùng lại<span className="visually-hidden"> chương “{m.title}”</span>
                  </button>
                ) : (
                  <button type="submit" name="intent" value="module-retire" className="button-link">
                    Ngừng dùng<span className="visually-hidden"> chương “{m.title}”</span>
                  </button>
                )}
              </Form>
              <Form method="post" className="inline-form">
                <input type="hidden" name="moduleId" value={m.id} />
                <label htmlFor={`ten-${m.id}`}>Tên chương</label>{" "}
                <input id={`ten-${m.id}`} type="text" name="title" defaultValue={m.title} required maxLength={200} />{" "}
                <button
                  type="submit"
                  name="intent"
                  value="module-rename"
                  className="button button-secondary button-small"
                >
                  Đổi tên<span className="visually-hidden"> chương “{m.title}”</span>
                </button>
              </Form>
              <ul className="studio-lessons">
                {m.lessons.map((l, li) => (
                  <li key={l.id}>
                    <a href={`/studio/courses/${c.id}/${l.slug}`}>{l.title}</a>{" "}
                    <span className={`badge state-${l.state}`}>{STATE_LABELS[l.state]}</span>{" "}
                    <Form method="post" className="inline">
                      <input type="hidden" name="lessonId" value={l.id} />
                      {li > 0 ? (
                        <button type="submit" name="intent" value="lesson-up" className="button-link">
                          Lên<span className="visually-hidden"> bài “{l.title}”</span>
                        </button>
                      ) : null}{" "}
                      {li < m.lessons.length - 1 ? (
                        <button type="submit" name="intent" value="lesson-down" className="button-link">
                          Xuống<span className="visually-hidden"> bài “{l.title}”</span>
                        </button>
                      ) : null}{" "}
                      {l.state === "retired" ? (
                        <button type="submit" name="intent" value="unretire" className="button-link">
                          Dùng lại<span className="visually-hidden"> bài “{l.title}”</span>
                        </button>
                      ) : (
                        <button type="submit" name="intent" value="retire" className="button-link">
                          Ngừng dùng<span className="visually-hidden"> bài “{l.title}”</span>
                        </button>
                      )}
                    </Form>{" "}
                    {c.modules.length > 1 ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="lessonId" value={l.id} />
                        <label htmlFor={`chuyen-${l.id}`} className="visually-hidden">
                          Chuyển bài “{l.title}” sang chương
                        </label>
                        <select id={`chuyen-${l.id}`} name="moduleId" defaultValue="">
                          <option value="" disabled>
                            Chuyển sang chương…
                          </option>
                          {c.modules
                            .filter((o) => o.id !== m.id)
                            .map((o) => (
                              <option key={o.id} value={o.id}>
                                {o.title}
                              </option>
                            ))}
                        </select>{" "}
                        <button type="submit" name="intent" value="lesson-move" className="button-link">
                          Chuyển<span className="visually-hidden"> bài “{l.title}”</span>
                        </button>
                      </Form>
                    ) : null}
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
          <details className="studio-new-module" open={c.modules.length === 0}>
            <summary>+ Chương mới trong khóa “{c.title}”</summary>
            <Form method="post">
              <input type="hidden" name="intent" value="module-create" />
              <input type="hidden" name="courseId" value={c.id} />
              <div className="field">
                <label htmlFor={`chuong-moi-ten-${c.id}`}>Tên chương</label>
                <input
                  id={`chuong-moi-ten-${c.id}`}
                  type="text"
                  name="title"
                  required
                  maxLength={200}
                  defaultValue={
                    failed && valueOf(failed.values, "courseId") === c.id ? valueOf(failed.values, "title") : ""
                  }
                />
              </div>
              <div className="field">
                <label htmlFor={`chuong-moi-slug-${c.id}`}>
                  Địa chỉ chương (chữ thường không dấu, ví dụ lang-nghe-dan)
                </label>
                <input
                  id={`chuong-moi-slug-${c.id}`}
                  type="text"
                  name="slug"
                  required
                  maxLength={80}
                  pattern="[a-z0-9]+(-[a-z0-9]+)*"
                  defaultValue={
                    failed && valueOf(failed.values, "courseId") === c.id ? valueOf(failed.values, "slug") : ""
                  }
                />
              </div>
              <div className="field">
                <label htmlFor={`chuong-moi-mota-${c.id}`}>Mô tả ngắn</label>
                <input
                  id={`chuong-moi-mota-${c.id}`}
                  type="text"
                  name="description"
                  maxLength={300}
                  defaultValue={
                    failed && valueOf(failed.values, "courseId") === c.id ? valueOf(failed.values, "description") : ""
                  }
                />
              </div>
              <button type="submit" className="button button-secondary">
                Tạo chương
              </button>
            </Form>
          </details>
        </section>
      ))}
    </div>
  );
}
