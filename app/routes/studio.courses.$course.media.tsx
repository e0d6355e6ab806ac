import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { FormError, TextField, valueOf } from "~/components/form-fields";
import { env } from "~/env.server";
import {
  createMediaUploadHandler,
  findMediaCourse,
  IMAGE_MAX_BYTES,
  listCourseMedia,
  retireMedia,
  storeMediaUpload,
} from "~/studio/media.server";
import { formatDateTime } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { parseForm, stripControls } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";
import { isMultipart } from "~/utils/request-limits.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Thư viện tệp: ${data?.course.title ?? "Khóa học"} – Học Dân vận` },
];

const KIND_LABELS: Record<string, string> = { image: "Ảnh", video: "Video", audio: "Âm thanh" };

async function loadCourse(args: LoaderFunctionArgs) {
  const course = await findMediaCourse(args.params.course ?? "");
  if (!course) notFound("Không tìm thấy khóa học.");
  return course;
}

const megabytes = (bytes: number) =>
  `${(bytes / (1024 * 1024)).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} MB`;

/** The MDX a trainer pastes (or the toolbar inserts) to place an item in a lesson. */
function snippetOf(item: { kind: string; url: string; captionsUrl: string | null; label: string }) {
  const text = item.label.replace(/"/g, "”");
  if (item.kind === "image") return `![${item.label.replace(/[[\]]/g, "")}](${item.url})`;
  const tag = item.kind === "video" ? "Video" : "Audio";
  return `<${tag} src="${item.url}" captions="${item.captionsUrl ?? ""}" title="${text}" />`;
}

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const course = await loadCourse(args);
  const items = await listCourseMedia(course.id);
  return {
    course,
    maxImage: megabytes(IMAGE_MAX_BYTES),
    maxMedia: megabytes(env.MEDIA_MAX_BYTES),
    uploaded: new URL(args.request.url).searchParams.get("uploaded"),
    items: items.map((item) => ({
      id: item.id,
      kind: item.kind,
      kindLabel: KIND_LABELS[item.kind] ?? item.kind,
      label: item.label,
      url: item.url,
      captionsUrl: item.captionsUrl,
      size: megabytes(item.bytes),
      originalName: item.originalName,
      uploadedBy: item.uploadedBy.fullName,
      createdAt: formatDateTime(item.createdAt),
      retired: item.retiredAt !== null,
      snippet: snippetOf(item),
    })),
  };
}

const UploadForm = z.object({
  alt: z
    .string()
    .transform((v) => stripControls(v).trim())
    .pipe(
      z
        .string()
        .min(3, "Hãy mô tả nội dung ảnh (hoặc đặt tiêu đề cho video, âm thanh): ít nhất 3 ký tự.")
        .max(300, "Mô tả tối đa 300 ký tự."),
    ),
});
const RetireForm = z.object({ mediaId: z.string().min(1).max(64) });

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const course = await loadCourse(args);
  const actor = { id: user.id, ip: args.context.clientIp };
  if (isMultipart(args.request.headers.get("content-type") ?? undefined)) {
    // Files go to disk as they arrive (app/server.ts streams this route's multipart bodies).
    const upload = createMediaUploadHandler({ maxFileBytes: env.MEDIA_MAX_BYTES });
    try {
      let formData: FormData;
      try {
        formData = await unstable_parseMultipartFormData(args.request, upload.handler);
      } catch (error) {
        if (error instanceof DomainError)
          return rejectForm(new FormData(), { [error.field]: error.message }, error.status);
        return rejectForm(new FormData(), { _form: "Không đọc được dữ liệu tải lên. Hãy chọn lại tệp và gửi lại." });
      }
      if (formData.get("intent") !== "upload") return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
      const parsed = parseForm(formData, UploadForm);
      if (!parsed.ok) return rejectForm(formData, parsed.errors);
      return await runFormAction(formData, async () => {
        const media = await storeMediaUpload({
          courseId: course.id,
          file: upload.files.get("file"),
          captions: upload.files.get("captions"),
          label: parsed.data.alt,
          actor,
        });
        return redirect(`/studio/courses/${course.id}/media?uploaded=${media.id}`);
      });
    } finally {
      await upload.cleanup();
    }
  }
  const formData = await args.request.formData();
  if (formData.get("intent") !== "retire") return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
  const parsed = parseForm(formData, RetireForm);
  if (!parsed.ok) return rejectForm(formData, { _form: "Chọn tệp cần gỡ." });
  return runFormAction(formData, async () => {
    await retireMedia({ courseId: course.id, mediaId: parsed.data.mediaId, actor });
    return redirect(`/studio/courses/${course.id}/media`);
  });
}

export default function MediaLibrary() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  const fileError = failure?.errors.file ?? failure?.errors.captions;
  return (
    <div className="container wide">
      <Breadcrumb
        items={[{ href: "/studio", label: "Soạn bài giảng" }, { label: `Thư viện tệp: ${page.course.title}` }]}
      />
      <h1>Thư viện tệp: {page.course.title}</h1>
      <p>
        Tải ảnh, video, âm thanh lên đây rồi đặt vào bài học bằng đoạn mã ở cột “Đặt vào bài” (nút “Hình ảnh”, “Video”,
        “Âm thanh” trên thanh công cụ của trình soạn bài cũng chèn được).
      </p>
      {page.uploaded ? (
        <p className="notice" role="status">
          Đã tải lên.
        </p>
      ) : null}
      <h2>Tải tệp lên</h2>
      <Form method="post" encType="multipart/form-data" className="stack">
        <FormError message={failure?.errors._form ?? failure?.errors.mediaId} />
        <div className="field">
          <label htmlFor="media-file">
            Tệp <span aria-hidden="true">*</span>
          </label>
          <p className="hint" id="media-file-hint">
            Ảnh PNG, JPEG, WebP (tối đa {page.maxImage}; không nhận SVG); video MP4, WebM hoặc âm thanh MP3 (tối đa{" "}
            {page.maxMedia}). Loại tệp được xác định theo nội dung, không theo tên. Thông tin ẩn trong ảnh (vị trí GPS,
            máy chụp) được xóa khi tải lên.
          </p>
          <input
            id="media-file"
            name="file"
            type="file"
            required
            accept="image/png,image/jpeg,image/webp,video/mp4,video/webm,audio/mpeg,.mp3"
            aria-describedby={`media-file-hint${fileError ? " media-file-error" : ""}`}
            aria-invalid={fileError ? true : undefined}
          />
          {fileError ? (
            <p className="field-error" id="media-file-error">
              {fileError}
            </p>
          ) : null}
        </div>
        <TextField
          name="alt"
          label="Mô tả ảnh (alt) hoặc tiêu đề video, âm thanh"
          required
          defaultValue={valueOf(failure?.values, "alt")}
          error={failure?.errors.alt}
          hint="Người dùng trình đọc màn hình nghe câu này thay cho ảnh: tả điều ảnh cho thấy."
        />
        <div className="field">
          <label htmlFor="media-captions">Phụ đề hoặc lời thoại WebVTT (.vtt) — bắt buộc với video và âm thanh</label>
          <p className="hint" id="media-captions-hint">
            Tệp văn bản bắt đầu bằng dòng “WEBVTT”, mỗi câu thoại có mốc thời gian như “00:00:01.000 --&gt;
            00:00:04.000”.
          </p>
          <input
            id="media-captions"
            name="captions"
            type="file"
            accept=".vtt,text/vtt"
            aria-describedby="media-captions-hint"
          />
        </div>
        <button type="submit" name="intent" value="upload" className="button">
          Tải lên
        </button>
      </Form>
      <h2>Tệp của khóa học</h2>
      {page.items.length ? (
        <div className="table-wrap">
          <table>
            <caption>Tệp đã tải lên, mới nhất trước</caption>
            <thead>
              <tr>
                <th scope="col">Tệp</th>
                <th scope="col">Loại</th>
                <th scope="col">Mô tả / tiêu đề</th>
                <th scope="col">Đặt vào bài</th>
                <th scope="col">Người tải, thời gian</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.kind === "image" ? (
                      <img src={item.url} alt={item.label} width={96} loading="lazy" />
                    ) : (
                      <a href={item.url}>{item.originalName}</a>
                    )}
                    <br />
                    <span className="muted">{item.size}</span>
                  </td>
                  <td>{item.kindLabel}</td>
                  <td>{item.label}</td>
                  <td>
                    <code className="media-snippet">{item.snippet}</code>
                  </td>
                  <td>
                    {item.uploadedBy}, {item.createdAt}
                  </td>
                  <td>
                    {item.retired ? (
                      "Đã gỡ"
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="mediaId" value={item.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="retire"
                          className="button button-secondary button-small"
                          aria-label={`Gỡ “${item.label}” khỏi thư viện`}
                        >
                          Gỡ
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Chưa có tệp nào.</p>
      )}
    </div>
  );
}
