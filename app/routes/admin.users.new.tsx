import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { requireUserWithRole, scopePathFor } from "~/auth/guards.server";
import { sendSetPasswordLink } from "~/auth/password-tokens.server";
import { UserForm } from "~/components/user-form";
import { listUnits, toUnitOptions } from "~/org/units.server";
import { createUser, CreateUserSchema, grantableRoles } from "~/org/users.server";
import { parseForm } from "~/utils/forms";
import { runFormAction } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Tạo tài khoản – Học Dân vận" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const units = await listUnits({ withinPath: scopePathFor(actor) });
  return {
    units: toUnitOptions(units),
    grantableRoles: grantableRoles(actor),
  };
}

export async function action(args: ActionFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const formData = await args.request.formData();
  const parsed = parseForm(formData, CreateUserSchema, { arrays: ["roles"] });
  if (!parsed.ok) return data(parsed, { status: 400 });
  return runFormAction(formData, async () => {
    const user = await createUser({ ...actor, ip: args.context.clientIp }, parsed.data);
    if (parsed.data.password) return redirect(`/admin/users/${user.id}?notice=created`);
    await sendSetPasswordLink({ userId: user.id, senderUnitName: actor.unitName });
    return redirect(`/admin/users/${user.id}?notice=created-link`);
  });
}

export default function NewUser() {
  const { units, grantableRoles } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const failure = actionData?.ok === false ? actionData : undefined;
  return (
    <>
      <h1>Tạo tài khoản</h1>
      <UserForm
        mode="create"
        units={units}
        grantableRoles={grantableRoles}
        values={failure?.values}
        errors={failure?.errors}
      />
    </>
  );
}
