import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";

import { requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { ErrorSummary, TextField, valueOf } from "~/components/form-fields";
import { createCourse } from "~/studio/course-tree.server";
import { parseForm, requiredText, stripControls } from "~/utils/forms";
import { rejectForm, runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Khóa học mới – Học Dân vận" }];

export function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  return null;
}

const wholeNumber = (label: string, max: number) =>
  z
    .string({ error: `Vui lòng nhập ${label}.` })
    .trim()
    .regex(/^\d{1,4}$/, `${label[0]!.toUpperCase()}${label.slice(1)} phải là một số nguyên.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, `${label[0]!.toUpperCase()}${label.slice(1)} ít nhất là 1.`)
        .max(max),
    );

/** The course frontmatter's fields (content/courses/<slug>/course.mdx), as a form. */
const CourseForm = z.object({
  title: requiredText("tên khóa học"),
  slug: requiredText("địa chỉ khóa học", 80),
  description: requiredText("mô tả", 300),
  audience: requiredText("đối tượng", 200),
  hours: wholeNumber("số giờ được công nhận", 500),
  estimatedMinutes: wholeNumber("thời lượng (phút)", 6000),
  objectives: z
    .string({ error: "Vui lòng nhập ít nhất một mục tiêu." })
    .max(5000, "Mục tiêu dài quá.")
    .transform((s) =>
      stripControls(s, { keepLines: true })
        .normalize("NFC")
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().max(300, "Mỗi mục tiêu không quá 300 ký tự.")).min(1, "Vui lòng nhập ít nhất một mục tiêu."),
    ),
});

export async function action(args: ActionFunctionArgs) {
  const user = requireUserWithRole(args, ["TRAINER", "ADMIN"]);
  const formData = await args.request.formData();
  const parsed = parseForm(formData, CourseForm);
  if (!parsed.ok) return rejectForm(formData, parsed.errors);
  return runFormAction(formData, async () => {
    const course = await createCourse({ ...parsed.data, actor: { id: user.id, ip: args.context.clientIp } });
    return redirect(`/studio?done=course-created#khoa-${course.id}`);
  });
}

export default function NewCourse() {
  const actionData = useActionData<typeof action>();
  const failed = actionData?.ok === false ? actionData : null;
  const v = (name: string) => valueOf(failed?.values, name);
  const e = (name: string) => failed?.errors[name];
  return (
    <div className="container narrow">
      <Breadcrumb items={[{ label: "Soạn bài giảng", href: "/studio" }, { label: "Khóa học mới" }]} />
      <h1>Khóa học mới</h1>
      <p>
        Khóa học mới là bản nháp: người học chưa thấy cho đến khi anh, chị thêm chương, xuất bản ít nhất một bài và bấm
        “Xuất bản khóa học” ở trang Soạn bài giảng.
      </p>
      <ErrorSummary errors={failed?.errors} />
      <Form method="post" noValidate>
        <TextField name="title" label="Tên khóa học" required defaultValue={v("title")} error={e("title")} />
        <TextField
          name="slug"
          label="Địa chỉ khóa học"
          hint="Chữ thường không dấu, số và dấu gạch ngang, ví dụ dan-van-co-so. Không đổi được sau khi tạo."
          required
          defaultValue={v("slug")}
          error={e("slug")}
        />
        <TextField
          name="description"
          label="Mô tả ngắn"
          required
          defaultValue={v("description")}
          error={e("description")}
        />
        <TextField name="audience" label="Đối tượng" required defaultValue={v("audience")} error={e("audience")} />
        <TextField
          name="hours"
          label="Số giờ được công nhận trên chứng nhận"
          required
          defaultValue={v("hours") || "1"}
          error={e("hours")}
        />
        <TextField
          name="estimatedMinutes"
          label="Thời lượng dự kiến (phút)"
          required
          defaultValue={v("estimatedMinutes") || "60"}
          error={e("estimatedMinutes")}
        />
        <div className="field">
          <label htmlFor="field-objectives">
            Mục tiêu (mỗi dòng một mục)<span aria-hidden="true"> *</span>
          </label>
          <textarea
            id="field-objectives"
            name="objectives"
            rows={4}
            defaultValue={v("objectives")}
            aria-invalid={e("objectives") ? true : undefined}
            aria-describedby={e("objectives") ? "field-objectives-error" : undefined}
          />
          {e("objectives") ? (
            <p className="field-error" id="field-objectives-error">
              {e("objectives")}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          Tạo khóa học
        </button>
      </Form>
    </div>
  );
}
