import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { requireUserWithRole } from "~/auth/guards.server";
import { UnitForm } from "~/components/unit-form";
import { createUnit, listUnits, UnitFormSchema, UnitRuleError } from "~/org/units.server";
import { formValues, parseForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Thêm đơn vị – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const units = await listUnits();
  const parentId = new URL(args.request.url).searchParams.get("parentId") ?? "";
  return { parents: units.map((u) => ({ id: u.id, label: `${"— ".repeat(u.depth)}${u.name}` })), parentId };
}

export async function action(args: ActionFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const formData = await args.request.formData();
  const parsed = parseForm(formData, UnitFormSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await createUnit(parsed.data);
    return redirect("/admin/units");
  } catch (error) {
    if (error instanceof UnitRuleError)
      return data({ errors: { [error.field]: error.message }, values: formValues(formData) }, { status: 400 });
    throw error;
  }
}

export default function NewUnit() {
  const { parents, parentId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Thêm đơn vị</h1>
      <UnitForm
        submitLabel="Thêm đơn vị"
        parents={parents}
        defaults={{ name: "", kind: "", parentId }}
        values={actionData?.values}
        errors={actionData?.errors}
      />
    </>
  );
}
