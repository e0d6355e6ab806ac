import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { assignableCourses, AssignmentFormSchema, createAssignment } from "~/assignments/assignments.server";
import { notifyAssignmentSoon } from "~/assignments/reminders.server";
import { requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { AssignmentForm } from "~/components/assignment-form";
import { Breadcrumb } from "~/components/breadcrumb";
import { listUnits } from "~/org/units.server";
import { toDayInput } from "~/utils/dates";
import { parseForm } from "~/utils/forms";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Giao khóa học – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const [courses, units] = await Promise.all([assignableCourses(), listUnits({ withinPath: scopePathFor(actor) })]);
  const today = new Date();
  return {
    courses,
    units: units.map((u) => ({ id: u.id, name: u.name, depth: u.depth })),
    defaults: {
      courseId: new URL(args.request.url).searchParams.get("courseId") ?? "",
      title: "",
      note: "",
      startAt: toDayInput(today),
      dueAt: toDayInput(new Date(today.getTime() + 30 * 86_400_000)),
      unitIds: [],
      subtreeUnitIds: units.map((u) => u.id),
      userEmails: "",
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const formData = await args.request.formData();
  const parsed = parseForm(formData, AssignmentFormSchema, { arrays: ["unitIds", "subtreeUnitIds"] });
  if (!parsed.ok) return data(parsed, { status: 400 });
  return runFormAction(formData, async () => {
    const assignment = await createAssignment({ ...actor, ip: args.context.clientIp }, parsed.data);
    notifyAssignmentSoon(assignment.id);
    return redirect(`/admin/assignments/${assignment.id}?notice=created`);
  });
}

export default function NewAssignment() {
  const { courses, units, defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  return (
    <>
      <Breadcrumb
        items={[
          { label: "Đợt học tập", href: "/admin/assignments" },
          { label: "Giao khóa học", current: true },
        ]}
      />
      <h1>Giao khóa học</h1>
      <p className="muted">
        Người thuộc đơn vị được giao (kể cả người chuyển đến sau này) thấy khóa học đầu tiên trên trang “Học tập của
        tôi”, với hạn hoàn thành; họ được ghi danh tự động.
      </p>
      <AssignmentForm
        mode="new"
        courses={courses}
        units={units}
        defaults={defaults}
        values={failure?.values}
        errors={failure?.errors}
      />
    </>
  );
}
