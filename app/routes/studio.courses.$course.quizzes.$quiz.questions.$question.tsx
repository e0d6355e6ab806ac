import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { QuestionForm } from "~/components/question-form";
import {
  findQuestion,
  findStudioBank,
  questionWarnings,
  saveQuestionForm,
  setQuestionRetired,
} from "~/studio/banks.server";
import { formValuesFor, QUESTION_FORM_ARRAYS, QuestionFormSchema } from "~/studio/question-form";
import { parseForm } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Sửa câu hỏi ${data?.question.id ?? ""} – Học Dân vận` },
];

async function load(args: LoaderFunctionArgs) {
  const bank = await findStudioBank({ courseId: args.params.course ?? "", segment: args.params.quiz ?? "" });
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  const question = findQuestion(bank, args.params.question ?? "");
  if (!question) notFound("Không tìm thấy câu hỏi.");
  return { bank, question };
}

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const { bank, question } = await load(args);
  const saved = new URL(args.request.url).searchParams.get("saved");
  const { line: _line, ...stored } = question;
  return {
    question: stored,
    title: bank.quiz.title,
    base: `/studio/courses/${bank.quiz.courseId}/quizzes/${bank.segment}`,
    lessons: bank.lessons.map((l) => ({ slug: l.slug, title: l.title })),
    saved,
    warnings: saved ? questionWarnings(bank, question.id) : [],
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const { bank, question } = await load(args);
  const formData = await args.request.formData();
  const intent = formData.get("intent");
  const base = `/studio/courses/${bank.quiz.courseId}/quizzes/${bank.segment}`;
  const ip = args.context.clientIp;
  if (intent === "retire" || intent === "unretire")
    return runFormAction(formData, async () => {
      await setQuestionRetired({ bank, questionId: question.id, retired: intent === "retire", actorId: user.id, ip });
      return redirect(`${base}/questions/${question.id}?saved=${intent}`);
    });
  if (intent !== "save") return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
  const parsed = parseForm(formData, QuestionFormSchema, { arrays: QUESTION_FORM_ARRAYS });
  if (!parsed.ok) return rejectForm(formData, parsed.errors);
  return runFormAction(formData, async () => {
    const result = await saveQuestionForm({
      bank,
      type: question.type,
      id: question.id,
      form: parsed.data,
      isNew: false,
      actorId: user.id,
      ip,
    });
    if (!result.ok) return rejectForm(formData, result.errors);
    return redirect(`${base}/questions/${question.id}?saved=save`);
  });
}

const SAVED: Record<string, string> = {
  save: "Đã lưu vào bản nháp. Người học chỉ thấy thay đổi sau khi ngân hàng được xuất bản.",
  retire: "Đã ngừng dùng câu hỏi trong bản nháp. Thống kê và các bài đã làm vẫn giữ nguyên.",
  unretire: "Đã dùng lại câu hỏi trong bản nháp.",
};

export default function EditQuestion() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  const q = page.question;
  return (
    <div className="container">
      <Breadcrumb
        items={[
          { href: "/studio", label: "Soạn bài giảng" },
          { href: page.base, label: page.title },
          { label: `Câu ${q.id}` },
        ]}
      />
      <h1>Sửa câu hỏi {q.id}</h1>
      {page.saved && SAVED[page.saved] ? (
        <div className="alert alert-success" role="status">
          {SAVED[page.saved]}
        </div>
      ) : null}
      {page.warnings.length ? (
        <div className="alert alert-info">
          <h2>Cảnh báo về độ cân bằng (không chặn việc lưu)</h2>
          <ul>
            {page.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {q.retired ? <p className="badge badge-off">Đã ngừng dùng: không được rút vào lượt làm bài mới.</p> : null}
      <QuestionForm
        key={JSON.stringify(failure?.values ?? q)}
        type={q.type}
        isNew={false}
        values={formValuesFor({ question: q, values: failure?.values, lessonDefault: q.lesson })}
        lessons={page.lessons}
        errors={failure?.errors}
      />
      <h2>Ngừng dùng</h2>
      <p>Câu hỏi không bị xóa: thống kê và bài làm cũ vẫn xem được; câu chỉ không còn được rút sau khi xuất bản.</p>
      <Form method="post">
        <button
          type="submit"
          name="intent"
          value={q.retired ? "unretire" : "retire"}
          className="button button-secondary"
        >
          {q.retired ? "Dùng lại câu hỏi" : "Ngừng dùng câu hỏi"}
        </button>
      </Form>
      <p>
        <Link to={page.base}>Về ngân hàng câu hỏi</Link>
      </p>
    </div>
  );
}
