import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

import { MAX_UPLOAD_BYTES, type UploadVerdict, verifyUploadedPdf } from "~/certificates/verify.server";

export type VerifyUploadResult = UploadVerdict | { status: "no-file" };

/**
 * Reads the uploaded file (field "file", at most 5 MB, kept in memory only) and checks it; on a
 * certificate's own page, against that certificate (`expectedSerial`).
 */
export async function verifyUpload(
  request: Request,
  options: { expectedSerial?: string } = {},
): Promise<VerifyUploadResult> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_UPLOAD_BYTES + 64 * 1024) return { status: "too-large" };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { status: "too-large" };
    return { status: "no-file" };
  }
  const file = formData.get("file");
  if (!file || typeof file === "string" || file.size === 0) return { status: "no-file" };
  return verifyUploadedPdf(new Uint8Array(await file.arrayBuffer()), options);
}
