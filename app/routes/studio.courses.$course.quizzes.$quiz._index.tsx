import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { FormError } from "~/components/form-fields";
import { bankPage, findStudioBank, publishBank } from "~/studio/banks.server";
import { TYPE_LABELS } from "~/studio/question-form";
import { formatDateTime } from "~/utils/dates";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Ngân hàng câu hỏi: ${data?.title ?? ""} – Học Dân vận` },
];

async function loadBank(args: LoaderFunctionArgs) {
  const bank = await findStudioBank({ courseId: args.params.course ?? "", segment: args.params.quiz ?? "" });
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  return bank;
}

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const bank = await loadBank(args);
  const page = await bankPage(bank);
  return {
    ...page,
    publishedAt: page.publishedAt ? formatDateTime(page.publishedAt) : null,
    title: bank.quiz.title,
    course: bank.quiz.course,
    base: `/studio/courses/${bank.quiz.courseId}/quizzes/${bank.segment}`,
    published: new URL(args.request.url).searchParams.has("published"),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const bank = await loadBank(args);
  const formData = await args.request.formData();
  if (formData.get("intent") !== "publish") return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
  return runFormAction(formData, async () => {
    await publishBank({ bank, actorId: user.id, ip: args.context.clientIp });
    return redirect(`/studio/courses/${bank.quiz.courseId}/quizzes/${bank.segment}?published=1`);
  });
}

export default function StudioBank() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="container wide">
      <Breadcrumb items={[{ href: "/studio", label: "Soạn bài giảng" }, { label: page.title }]} />
      <h1>Ngân hàng câu hỏi: {page.title}</h1>
      <p>
        Khóa học: {page.course.title}. Mỗi lượt làm bài rút {page.drawCount ?? "?"} câu; đang dùng {page.active} câu.{" "}
        {page.state === "published" ? (
          <span className="badge badge-ok">Đã xuất bản</span>
        ) : (
          <span className="badge">Đã sửa sau khi xuất bản</span>
        )}
        {page.publishedAt ? ` Xuất bản từ studio lần cuối: ${page.publishedAt}.` : null}
      </p>
      {page.published ? (
        <div className="alert alert-success" role="status">
          Đã xuất bản. Các lượt làm bài mới dùng ngân hàng này; lượt đang làm giữ nguyên câu hỏi và đáp án.
        </div>
      ) : null}
      <FormError message={actionData?.ok === false ? actionData.errors._form : undefined} />
      {page.problems.length ? (
        <div className="alert alert-error">
          <h2>Lỗi cần sửa trước khi xuất bản</h2>
          <ul>
            {page.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {page.warnings.length ? (
        <div className="alert alert-info">
          <h2>Cảnh báo về độ cân bằng (không chặn xuất bản)</h2>
          <ul>
            {page.warnings.map((w) => (
              <li key={w.message}>{w.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post">
        <button type="submit" name="intent" value="publish" className="button">
          Xuất bản ngân hàng câu hỏi
        </button>
      </Form>
      <h2>Thêm câu hỏi</h2>
      <ul>
        {Object.entries(TYPE_LABELS).map(([type, label]) => (
          <li key={type}>
            <Link to={`${page.base}/questions/new?type=${type}`}>Thêm câu {label.toLowerCase()}</Link>
          </li>
        ))}
      </ul>
      <div className="table-wrap">
        <table>
          <caption>Câu hỏi theo thứ tự trong ngân hàng, với thống kê trên {page.attempts} lượt đã nộp</caption>
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Câu hỏi</th>
              <th scope="col">Loại</th>
              <th scope="col">Bài học</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Số lần ra</th>
              <th scope="col">% đúng</th>
              <th scope="col">Phương án sai hay chọn nhất</th>
            </tr>
          </thead>
          <tbody>
            {page.questions.map((q) => (
              <tr key={q.id}>
                <td>
                  <Link to={`${page.base}/questions/${q.id}`}>{q.id}</Link>
                </td>
                <td>{q.prompt}</td>
                <td>{TYPE_LABELS[q.type]}</td>
                <td>{q.lesson}</td>
                <td>{q.retired ? "Đã ngừng dùng" : "Đang dùng"}</td>
                <td>{q.stats?.shown ?? 0}</td>
                <td>{q.stats ? `${q.stats.percentRight} %` : "—"}</td>
                <td>
                  {q.stats?.topWrong ? (
                    <>
                      {/* Option HTML is rendered by the escaped Markdown subset (app/utils/markdown). */}
                      <span dangerouslySetInnerHTML={{ __html: q.stats.topWrong.label }} /> ({q.stats.topWrong.times}{" "}
                      lần)
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <Link to={`/courses/${page.course.id}/quizzes/${page.base.split("/").pop()}/stats`}>
          Xem thống kê chi tiết của bài kiểm tra
        </Link>
      </p>
    </div>
  );
}
