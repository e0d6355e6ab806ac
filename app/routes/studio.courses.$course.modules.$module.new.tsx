import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { valueOf } from "~/components/form-fields";
import { LessonEditor } from "~/components/lesson-editor";
import { fillReflectionAnswers } from "~/courses/reflections.server";
import { prisma } from "~/db.server";
import { previewPost, problemViews, readEditorPost } from "~/studio/editor.server";
import {
  createStudioLesson,
  latestVersion,
  MAX_SOURCE_BYTES,
  publishLessonVersion,
  renderLessonSource,
} from "~/studio/lessons.server";
import { DomainError } from "~/utils/errors";
import { formFailure } from "~/utils/forms";
import { slugify } from "~/utils/vietnamese";

export const meta: MetaFunction = () => [{ title: "Bài học mới – Học Dân vận" }];

const STARTER = `## Mục thứ nhất

Viết nội dung ở đây.
`;

async function loadModule(args: LoaderFunctionArgs) {
  const mod = await prisma.module.findFirst({
    where: { id: `${args.params.course}/${args.params.module}`, removedAt: null },
    select: { id: true, title: true, courseId: true, course: { select: { title: true } } },
  });
  if (!mod) notFound("Không tìm thấy chương.");
  return mod;
}

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  return { module: await loadModule(args) };
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const mod = await loadModule(args);
  const formData = await args.request.formData();
  const post = readEditorPost({ formData, baseSource: "" });
  if (!post.ok) return data({ ...post, problems: null }, { status: 400 });
  if (Buffer.byteLength(post.document) > MAX_SOURCE_BYTES)
    return data(
      {
        ...formFailure(formData, {
          source: `Bài học dài quá ${MAX_SOURCE_BYTES / 1000} KB: hãy chia thành nhiều bài.`,
        }),
        problems: null,
      },
      { status: 413 },
    );
  const slug = String(formData.get("slug") ?? "").trim() || slugify(String(formData.get("title") ?? ""));
  // Where content:export will write the file; the preview compiles as if it were there.
  const draft = { courseId: mod.courseId, sourcePath: `content/courses/${mod.courseId}/${slug || "bai-moi"}.mdx` };
  if (post.intent === "preview") {
    const result = await previewPost({ formData, post, lesson: draft });
    return { ...result, html: result.html === null ? null : fillReflectionAnswers(result.html, new Map()) };
  }
  if (post.intent === "publish") {
    const rendered = await renderLessonSource({ source: post.document, lesson: draft });
    if (!rendered.ok)
      return data(
        {
          ...formFailure(formData, { _form: "Chưa xuất bản được: bài học còn lỗi, xem danh sách bên dưới." }),
          problems: problemViews({ problems: rendered.problems, document: post.document, bodyOnly: post.bodyOnly }),
        },
        { status: 400 },
      );
  }
  let lesson;
  try {
    lesson = await createStudioLesson({ moduleId: mod.id, slug, source: post.document, actor: user });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return data(
      { ...formFailure(formData, { [error.field]: error.message }), problems: null },
      { status: error.status },
    );
  }
  const here = `/studio/courses/${lesson.courseId}/${lesson.slug}`;
  if (post.intent === "save") return redirect(`${here}?saved=1`);
  const v1 = (await latestVersion(lesson.id))!;
  const published = await publishLessonVersion({
    lessonId: lesson.id,
    versionId: v1.id,
    actor: { id: user.id, ip: args.context.clientIp },
  });
  return redirect(published.ok ? `${here}?published=1` : `${here}?saved=1`);
}

export default function NewLesson() {
  const { module } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : null;
  const preview = actionData?.ok === true ? actionData : null;
  return (
    <div className="container wide">
      <Breadcrumb
        items={[
          { href: "/studio", label: "Soạn bài giảng" },
          { href: `/studio#khoa-${module.courseId}`, label: module.course.title },
          { label: "Bài học mới" },
        ]}
      />
      <h1>Bài học mới trong “{module.title}”</h1>
      <LessonEditor
        fields={{ title: "", description: "", objectives: "", estimatedMinutes: "10", tags: "", status: "published" }}
        body={STARTER}
        baseVersion={0}
        values={actionData?.values}
        errors={failure?.errors}
        problems={preview?.problems ?? failure?.problems ?? null}
        previewHtml={preview?.html ?? null}
        extraFields={
          <div className="field">
            <label htmlFor="field-slug">Địa chỉ bài học (để trống: lấy theo tên bài)</label>
            <p className="hint" id="field-slug-hint">
              Chữ thường không dấu, nối bằng gạch ngang, ví dụ <code>lang-nghe-dan</code>.
            </p>
            <input
              id="field-slug"
              name="slug"
              type="text"
              defaultValue={valueOf(actionData?.values, "slug")}
              aria-describedby={failure?.errors.slug ? "field-slug-hint field-slug-error" : "field-slug-hint"}
              aria-invalid={failure?.errors.slug ? true : undefined}
            />
            {failure?.errors.slug ? (
              <p className="field-error" id="field-slug-error">
                {failure.errors.slug}
              </p>
            ) : null}
          </div>
        }
      />
    </div>
  );
}
