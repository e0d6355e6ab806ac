import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { LessonEditor } from "~/components/lesson-editor";
import { VersionDiff } from "~/components/version-diff";
import { fillReflectionAnswers } from "~/courses/reflections.server";
import { foldDiff, lineDiff } from "~/studio/diff.server";
import { previewPost, problemViews, readEditorPost } from "~/studio/editor.server";
import {
  findStudioLesson,
  MAX_SOURCE_BYTES,
  publishLessonVersion,
  renderLessonSource,
  saveLessonVersion,
} from "~/studio/lessons.server";
import { metaFieldsOf, splitDocument } from "~/studio/source.server";
import { LESSON_STATE_LABELS } from "~/studio/states";
import { lessonState } from "~/studio/tree.server";
import { formatDateTime } from "~/utils/dates";
import { formFailure } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Sửa bài: ${data?.lesson.title ?? "Bài học"} – Học Dân vận` },
];

async function loadLesson(args: LoaderFunctionArgs) {
  const found = await findStudioLesson({ courseId: args.params.course ?? "", slug: args.params.lesson ?? "" });
  if (!found?.latest) notFound("Không tìm thấy bài học.");
  return { ...found, latest: found.latest };
}

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const { lesson, latest } = await loadLesson(args);
  const fields = metaFieldsOf(latest.source);
  const url = new URL(args.request.url);
  return {
    lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title, courseId: lesson.courseId },
    course: lesson.course,
    module: lesson.module,
    fields: {
      ...fields,
      objectives: fields.objectives.join("\n"),
      estimatedMinutes: String(fields.estimatedMinutes),
      tags: fields.tags.join(", "),
    },
    body: splitDocument(latest.source).body,
    latest: {
      number: latest.number,
      author: latest.author?.fullName ?? "tệp content/",
      createdAt: formatDateTime(latest.createdAt),
    },
    publishedNumber: lesson.publishedVersion?.number ?? null,
    state:
      LESSON_STATE_LABELS[
        lessonState({
          retired: !!lesson.retiredAt,
          status: lesson.status,
          publishedNumber: lesson.publishedVersion?.number ?? null,
          latestNumber: latest.number,
        })
      ],
    saved: url.searchParams.get("saved"),
    published: url.searchParams.get("published"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const { lesson, latest } = await loadLesson(args);
  const formData = await args.request.formData();
  const post = readEditorPost({ formData, baseSource: latest.source });
  if (!post.ok) return data({ ...post, problems: null, conflict: null }, { status: 400 });
  if (Buffer.byteLength(post.document) > MAX_SOURCE_BYTES)
    return data(
      {
        ...formFailure(formData, {
          source: `Bài học dài quá ${MAX_SOURCE_BYTES / 1000} KB: hãy chia thành nhiều bài.`,
        }),
        problems: null,
        conflict: null,
      },
      { status: 413 },
    );
  const actor = { id: user.id, ip: args.context.clientIp };
  const here = `/studio/courses/${lesson.courseId}/${lesson.slug}`;

  if (post.intent === "preview") {
    const result = await previewPost({ formData, post, lesson });
    return { ...result, html: result.html === null ? null : fillReflectionAnswers(result.html, new Map()) };
  }
  if (post.intent === "publish") {
    // Checked and compiled before anything is written: a publish that fails changes nothing.
    const rendered = await renderLessonSource({ source: post.document, lesson });
    if (!rendered.ok)
      return data(
        {
          ...formFailure(formData, { _form: "Chưa xuất bản được: bài học còn lỗi, xem danh sách bên dưới." }),
          problems: problemViews({ problems: rendered.problems, document: post.document, bodyOnly: post.bodyOnly }),
          conflict: null,
        },
        { status: 400 },
      );
  }
  const saved = await saveLessonVersion({
    lessonId: lesson.id,
    source: post.document,
    baseVersion: post.baseVersion,
    note: post.note,
    actor,
  });
  if (saved.kind === "conflict") {
    return data(
      {
        ...formFailure(formData, {
          _form: `Trong lúc bạn sửa, ${saved.theirs.author} đã lưu phiên bản ${saved.theirs.number}. Bản của bạn chưa được lưu và vẫn còn nguyên ở dưới.`,
        }),
        problems: null,
        conflict: {
          theirs: { ...saved.theirs, createdAt: formatDateTime(saved.theirs.createdAt) },
          mine: post.document,
          diff: foldDiff(lineDiff(saved.theirs.source, post.document)),
        },
      },
      { status: 409 },
    );
  }
  if (post.intent === "save") return redirect(`${here}?saved=${saved.version.number}`);
  const published = await publishLessonVersion({ lessonId: lesson.id, versionId: saved.version.id, actor });
  if (!published.ok)
    return data(
      {
        ...formFailure(formData, { _form: "Chưa xuất bản được: bài học còn lỗi." }),
        problems: problemViews({ problems: published.problems, document: post.document, bodyOnly: post.bodyOnly }),
        conflict: null,
      },
      { status: 400 },
    );
  return redirect(`${here}?published=${saved.version.number}`);
}

export default function EditLesson() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : null;
  const conflict = failure?.conflict ?? null;
  const preview = actionData?.ok === true ? actionData : null;
  const problems = preview?.problems ?? failure?.problems ?? null;
  return (
    <div className="container wide">
      <Breadcrumb
        items={[
          { href: "/studio", label: "Soạn bài giảng" },
          { href: `/studio#khoa-${page.course.id}`, label: page.course.title },
          { label: page.lesson.title },
        ]}
      />
      <h1>Sửa bài: {page.lesson.title}</h1>
      <p className="muted">
        {page.module.title} · <strong>{page.state}</strong> · phiên bản mới nhất {page.latest.number} (
        {page.latest.author}, {page.latest.createdAt})
        {page.publishedNumber !== null ? ` · người học đang xem phiên bản ${page.publishedNumber}` : " · chưa xuất bản"}
        {" · "}
        <a href={`/studio/courses/${page.course.id}/${page.lesson.slug}/history`}>Lịch sử và so sánh phiên bản</a>
        {" · "}
        <a href={`/studio/courses/${page.course.id}/media`}>Thư viện tệp (ảnh, video)</a>
        {" · "}
        <a href={`/studio/courses/${page.course.id}/${page.lesson.slug}/reflections`}>Suy ngẫm được chia sẻ</a>
        {page.publishedNumber !== null ? (
          <>
            {" · "}
            <a href={`/courses/${page.course.id}/${page.lesson.slug}`}>Xem trang người học</a>
          </>
        ) : null}
      </p>
      {page.saved && !actionData ? (
        <p className="alert alert-success" role="status">
          Đã lưu phiên bản {page.saved} (bản nháp: người học chưa thấy cho tới khi xuất bản).
        </p>
      ) : null}
      {page.published && !actionData ? (
        <p className="alert alert-success" role="status">
          Đã xuất bản phiên bản {page.published}: người học đã thấy bản này.
        </p>
      ) : null}
      {conflict ? (
        <section className="card conflict" aria-labelledby="conflict-title">
          <h2 id="conflict-title">Xung đột: có người đã lưu bài này trước bạn</h2>
          <p>
            Phiên bản {conflict.theirs.number} do {conflict.theirs.author} lưu lúc {conflict.theirs.createdAt}. Dưới đây
            là khác biệt giữa bản đó (cũ) và bản của bạn (mới). Không có gì bị mất: chọn một cách làm.
          </p>
          <VersionDiff rows={conflict.diff} caption={`Phiên bản ${conflict.theirs.number} so với bản của bạn`} />
          <div className="conflict-sides">
            <div className="field">
              <label htmlFor="conflict-theirs">Phiên bản {conflict.theirs.number} (đã lưu)</label>
              <textarea id="conflict-theirs" readOnly rows={12} defaultValue={conflict.theirs.source} />
            </div>
            <div className="field">
              <label htmlFor="conflict-mine">Bản của bạn (chưa lưu)</label>
              <textarea id="conflict-mine" readOnly rows={12} defaultValue={conflict.mine} />
            </div>
          </div>
          <Form method="post" className="actions">
            <input type="hidden" name="source" value={conflict.mine} />
            <input type="hidden" name="baseVersion" value={conflict.theirs.number} />
            <input type="hidden" name="note" value={`Lưu đè sau xung đột với phiên bản ${conflict.theirs.number}`} />
            <button type="submit" name="intent" value="save" className="button">
              Lưu bản của tôi thành phiên bản mới
            </button>
            <a className="button button-secondary" href={`/studio/courses/${page.course.id}/${page.lesson.slug}`}>
              Bỏ bản của tôi, mở phiên bản {conflict.theirs.number}
            </a>
          </Form>
        </section>
      ) : null}
      <LessonEditor
        key={`${page.latest.number}-${conflict ? "conflict" : ""}`}
        fields={page.fields}
        body={page.body}
        baseVersion={page.latest.number}
        values={actionData?.values}
        errors={failure?.errors}
        problems={problems}
        previewHtml={preview?.html ?? null}
      />
    </div>
  );
}
