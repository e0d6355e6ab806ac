import type { LoaderFunctionArgs } from "@remix-run/node";

import { notFound, requireUserWithRole } from "~/auth/guards.server";
import { getManageableUser } from "~/org/users.server";
import { transcriptPdfResponse } from "~/progress/transcript-download.server";

/** The learner's transcript as PDF, for whoever may manage them (others: 404). */
export async function loader(args: LoaderFunctionArgs) {
  const actor = requireUserWithRole(args, ["ADMIN", "UNIT_MANAGER"]);
  const user = await getManageableUser(actor, args.params.userId ?? "");
  if (!user) notFound("Không tìm thấy người dùng.");
  return transcriptPdfResponse(
    { id: user.id, name: user.fullName, unit: user.unit.name, email: user.email },
    new URL(args.request.url),
  );
}
