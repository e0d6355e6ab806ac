import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { FormError } from "~/components/form-fields";
import { VersionDiff } from "~/components/version-diff";
import { listAudit } from "~/studio/audit.server";
import { foldDiff, lineDiff } from "~/studio/diff.server";
import { findStudioLesson, getVersion, listVersions, restoreLessonVersion } from "~/studio/lessons.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Lịch sử: ${data?.lesson.title ?? "Bài học"} – Học Dân vận` },
];

const AUDIT_LABELS: Record<string, string> = {
  "lesson.publish": "xuất bản",
  "lesson.restore": "khôi phục",
  "lesson.retire": "ngừng dùng",
  "lesson.unretire": "dùng lại",
};

async function loadLesson(args: LoaderFunctionArgs) {
  const found = await findStudioLesson({ courseId: args.params.course ?? "", slug: args.params.lesson ?? "" });
  if (!found?.latest) notFound("Không tìm thấy bài học.");
  return { ...found, latest: found.latest };
}

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const { lesson, latest } = await loadLesson(args);
  const url = new URL(args.request.url);
  const versions = await listVersions(lesson.id);
  const num = (name: string, fallback: number) => {
    const n = Number(url.searchParams.get(name));
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const b = num("b", latest.number);
  const a = num("a", Math.max(1, b - 1));
  const [older, newer] = await Promise.all([
    getVersion({ lessonId: lesson.id, number: a }),
    getVersion({ lessonId: lesson.id, number: b }),
  ]);
  const audit = await listAudit({ type: "lesson", id: lesson.id });
  return {
    lesson: { title: lesson.title, slug: lesson.slug, courseId: lesson.courseId },
    course: lesson.course,
    publishedNumber: lesson.publishedVersion?.number ?? null,
    versions: versions.map((v) => ({
      number: v.number,
      author: v.author?.fullName ?? "tệp content/ (content:build)",
      note: v.note,
      createdAt: formatDateTime(v.createdAt),
      publishedAt: v.publishedAt ? formatDateTime(v.publishedAt) : null,
    })),
    a,
    b,
    diff: foldDiff(lineDiff(older.source, newer.source)),
    audit: audit.map((e) => ({
      id: e.id,
      action: AUDIT_LABELS[e.action] ?? e.action,
      actor: e.actor?.fullName ?? "hệ thống",
      at: formatDateTime(e.at),
    })),
    restored: url.searchParams.get("restored"),
  };
}

const RestoreForm = z.object({ number: z.coerce.number({ error: "Chọn phiên bản." }).int().min(1) });

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const { lesson } = await loadLesson(args);
  const formData = await args.request.formData();
  if (formData.get("intent") !== "restore") return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
  const parsed = parseForm(formData, RestoreForm);
  if (!parsed.ok) return rejectForm(formData, parsed.errors);
  return runFormAction(formData, async () => {
    const version = await restoreLessonVersion({
      lessonId: lesson.id,
      number: parsed.data.number,
      actor: { id: user.id, ip: args.context.clientIp },
    });
    return redirect(`/studio/courses/${lesson.courseId}/${lesson.slug}?saved=${version.number}`);
  });
}

export default function LessonHistory() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const editHref = `/studio/courses/${page.course.id}/${page.lesson.slug}`;
  return (
    <div className="container wide">
      <Breadcrumb
        items={[
          { href: "/studio", label: "Soạn bài giảng" },
          { href: editHref, label: page.lesson.title },
          { label: "Lịch sử" },
        ]}
      />
      <h1>Lịch sử phiên bản: {page.lesson.title}</h1>
      <FormError message={actionData?.ok === false ? actionData.errors._form : undefined} />
      <div className="table-wrap">
        <table>
          <caption>Các phiên bản, mới nhất trước</caption>
          <thead>
            <tr>
              <th scope="col">Phiên bản</th>
              <th scope="col">Người lưu</th>
              <th scope="col">Thời gian</th>
              <th scope="col">Ghi chú</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {page.versions.map((v) => (
              <tr key={v.number}>
                <td>{v.number}</td>
                <td>{v.author}</td>
                <td>{v.createdAt}</td>
                <td>{v.note || "—"}</td>
                <td>
                  {v.number === page.publishedNumber ? (
                    <span className="badge badge-ok">Người học đang xem</span>
                  ) : v.publishedAt ? (
                    `Đã xuất bản ${v.publishedAt}`
                  ) : (
                    "Bản nháp"
                  )}
                </td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="number" value={v.number} />
                    <button
                      type="submit"
                      name="intent"
                      value="restore"
                      className="button button-secondary button-small"
                      aria-label={`Khôi phục phiên bản ${v.number} thành bản nháp mới`}
                    >
                      Khôi phục
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>So sánh hai phiên bản</h2>
      <Form method="get" className="inline-form">
        <div className="field">
          <label htmlFor="diff-a">Phiên bản cũ</label>
          <select id="diff-a" name="a" defaultValue={page.a}>
            {page.versions.map((v) => (
              <option key={v.number} value={v.number}>
                {v.number}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="diff-b">Phiên bản mới</label>
          <select id="diff-b" name="b" defaultValue={page.b}>
            {page.versions.map((v) => (
              <option key={v.number} value={v.number}>
                {v.number}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          So sánh
        </button>
      </Form>
      <VersionDiff rows={page.diff} caption={`Phiên bản ${page.a} so với phiên bản ${page.b}`} />
      <h2>Nhật ký thao tác</h2>
      {page.audit.length ? (
        <ul>
          {page.audit.map((e) => (
            <li key={e.id}>
              {e.at}: {e.actor} — {e.action}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Chưa có thao tác xuất bản, khôi phục hay ngừng dùng.</p>
      )}
    </div>
  );
}
