import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { QuestionForm } from "~/components/question-form";
import { findStudioBank, saveQuestionForm } from "~/studio/banks.server";
import {
  formValuesFor,
  isQuestionType,
  QUESTION_FORM_ARRAYS,
  QuestionFormSchema,
  TYPE_LABELS,
} from "~/studio/question-form";
import { parseForm } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Thêm câu hỏi – Học Dân vận" }];

async function loadBank(args: LoaderFunctionArgs) {
  const bank = await findStudioBank({ courseId: args.params.course ?? "", segment: args.params.quiz ?? "" });
  if (!bank) notFound("Không tìm thấy ngân hàng câu hỏi.");
  return bank;
}

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const bank = await loadBank(args);
  const type = new URL(args.request.url).searchParams.get("type");
  return {
    type: isQuestionType(type) ? type : null,
    title: bank.quiz.title,
    base: `/studio/courses/${bank.quiz.courseId}/quizzes/${bank.segment}`,
    lessons: bank.lessons.map((l) => ({ slug: l.slug, title: l.title })),
  };
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const bank = await loadBank(args);
  const formData = await args.request.formData();
  const type = formData.get("type");
  if (formData.get("intent") !== "save" || !isQuestionType(type))
    return rejectForm(formData, { _form: "Thao tác không hợp lệ." });
  const parsed = parseForm(formData, QuestionFormSchema, { arrays: QUESTION_FORM_ARRAYS });
  if (!parsed.ok) return rejectForm(formData, parsed.errors);
  return runFormAction(formData, async () => {
    const result = await saveQuestionForm({
      bank,
      type,
      id: parsed.data.id,
      form: parsed.data,
      isNew: true,
      actorId: user.id,
      ip: args.context.clientIp,
    });
    if (!result.ok) return rejectForm(formData, result.errors);
    return redirect(`/studio/courses/${bank.quiz.courseId}/quizzes/${bank.segment}/questions/${result.id}?saved=save`);
  });
}

export default function NewQuestion() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  return (
    <div className="container">
      <Breadcrumb
        items={[
          { href: "/studio", label: "Soạn bài giảng" },
          { href: page.base, label: page.title },
          { label: "Thêm câu hỏi" },
        ]}
      />
      <h1>Thêm câu hỏi{page.type ? `: ${TYPE_LABELS[page.type].toLowerCase()}` : ""}</h1>
      {page.type ? (
        <QuestionForm
          key={JSON.stringify(failure?.values ?? null)}
          type={page.type}
          isNew
          values={formValuesFor({
            question: null,
            values: failure?.values,
            lessonDefault: page.lessons[0]?.slug ?? "",
          })}
          lessons={page.lessons}
          errors={failure?.errors}
        />
      ) : (
        <>
          <p>Chọn loại câu hỏi:</p>
          <ul>
            {Object.entries(TYPE_LABELS).map(([type, label]) => (
              <li key={type}>
                <Link to={`${page.base}/questions/new?type=${type}`}>{label}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link to={page.base}>Về ngân hàng câu hỏi</Link>
      </p>
    </div>
  );
}
