import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { Breadcrumb } from "~/components/breadcrumb";
import { UnitForm } from "~/components/unit-form";
import { getUnit, listUnits, toUnitOptions, UnitFormSchema, updateUnit } from "~/org/units.server";
import { parseForm } from "~/utils/forms";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Sửa đơn vị – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const unit = await getUnit(args.params.unitId ?? "");
  if (!unit) notFound("Không tìm thấy đơn vị.");
  const units = await listUnits();
  // A unit cannot move under itself or its descendants, so those are not offered.
  const parents = toUnitOptions(units.filter((u) => !u.path.startsWith(unit.path)));
  return { unit: { id: unit.id, name: unit.name, kind: unit.kind, parentId: unit.parentId ?? "" }, parents };
}

export async function action(args: ActionFunctionArgs) {
  const admin = requireUserWithRole(args, "ADMIN");
  const unitId = args.params.unitId ?? "";
  if (!(await getUnit(unitId))) notFound("Không tìm thấy đơn vị.");
  const formData = await args.request.formData();
  const parsed = parseForm(formData, UnitFormSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  return runFormAction(formData, async () => {
    await updateUnit(unitId, parsed.data, { id: admin.id, ip: args.context.clientIp });
    return redirect("/admin/units");
  });
}

export default function EditUnit() {
  const { unit, parents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
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
        values={failure?.values}
        errors={failure?.errors}
      />
      <p className="muted" style={{ marginTop: 16 }}>
        <a href={`/admin/units/new?parentId=${unit.id}`}>Thêm đơn vị trực thuộc {unit.name}</a>
      </p>
    </>
  );
}
