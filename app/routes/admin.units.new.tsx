import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { requireUserWithRole } from "~/auth/guards.server";
import { UnitForm } from "~/components/unit-form";
import { createUnit, listUnits, toUnitOptions, UnitFormSchema } from "~/org/units.server";
import { parseForm } from "~/utils/forms";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Thêm đơn vị – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  requireUserWithRole(args, "ADMIN");
  const units = await listUnits();
  const parentId = new URL(args.request.url).searchParams.get("parentId") ?? "";
  return { parents: toUnitOptions(units), parentId };
}

export async function action(args: ActionFunctionArgs) {
  const admin = requireUserWithRole(args, "ADMIN");
  const formData = await args.request.formData();
  const parsed = parseForm(formData, UnitFormSchema);
  if (!parsed.ok) return data(parsed, { status: 400 });
  return runFormAction(formData, async () => {
    await createUnit(parsed.data, { id: admin.id, ip: args.context.clientIp });
    return redirect("/admin/units");
  });
}

export default function NewUnit() {
  const { parents, parentId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  return (
    <>
      <h1>Thêm đơn vị</h1>
      <UnitForm
        submitLabel="Thêm đơn vị"
        parents={parents}
        defaults={{ name: "", kind: "", parentId }}
        values={failure?.values}
        errors={failure?.errors}
      />
    </>
  );
}
