import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";

import { verifyUpload } from "~/certificates/upload.server";
import { VerifySerialSearch, VerifyUploadForm, VerifyVerdict } from "~/components/verify-upload";

export const meta: MetaFunction = () => [{ title: "Xác minh chứng nhận – Học Dân vận" }];
export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const serial = new URL(request.url).searchParams.get("serial")?.trim().toUpperCase();
  if (serial) throw redirect(`/verify/${encodeURIComponent(serial.slice(0, 40))}`);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const verdict = await verifyUpload(request);
  const ok = verdict.status === "authentic";
  return data({ ok, verdict }, { status: ok ? 200 : 400 });
}

export default function VerifyIndex() {
  const actionData = useActionData<typeof action>();
  return (
    <div className="container narrow">
      <h1>Xác minh chứng nhận</h1>
      <p className="lead">
        Nhập số hiệu in trên chứng nhận (ví dụ DVK-2026-7F3K9Q), quét mã QR, hoặc tải tệp PDF lên để kiểm tra.
      </p>
      <VerifySerialSearch />
      {actionData ? <VerifyVerdict verdict={actionData.verdict} headingLevel={2} /> : null}
      <VerifyUploadForm action="/verify" />
    </div>
  );
}
