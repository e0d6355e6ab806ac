import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { UnitForm } from "~/components/unit-form";
import { getUnit, listUnits, UnitFormSchema, UnitRuleError, updateUnit } from "~/org/units.server";
import { formValues, parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Sửa đơn vị – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const unit = await getUnit(args.params.unitId ?? "");
  if (!unit) notFound("Không tìm thấy đơn vị.");
  const units = await listUnits();
  // A unit cannot move under itself or its descendants, so those are not offered.
  const parents = units
    .filter((u) => !u.path.startsWith(unit.path))
    .map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name}` }));
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId ?? "" }, parents };
}

export async function action(args: ActionFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const unitId = args.params.unitId ?? "";
  if (!(await getUnit(unitId))) notFound("Không tìm thấy đơn vị.");
  const formData = await args.request.formData();
  const parsed = parseForm(formData, UnitFormSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await updateUnit(unitId, parsed.data);
    return redirect("/admin/units");
  } catch (error) {
    if (error instanceof UnitRuleError)
      return data({ errors: { [error.field]: error.message }, values: formValues(formData) }, { status: 400 });
    throw error;
  }
}

export default function EditUnit() {
  const { unit, parents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <Breadcrumb
        items={[
          { label: "Đơn vị", href: "/admin/units" },
          { label: unit.name, current: true },
        ]}
      />
      <h1>Sửa đơn vị: {unit.name}</h1>
      <UnitForm
        submitLabel="Lưu thay đổi"
        parents={parents}
        defaults={unit}
        values={actionData?.values}
        errors={actionData?.errors}
      />
      <p className="muted" style={{ marginTop: 16 }}>
        <a href={`/admin/units/new?parentId=${unit.id}`}>Thêm đơn vị trực thuộc {unit.name}</a>
      </p>
    </>
  );
}
