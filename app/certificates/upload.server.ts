import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

import { MAX_UPLOAD_BYTES, type UploadVerdict, verifyUploadedPdf } from "~/certificates/verify.server";

/** Reads the uploaded file (field "file", at most 5 MB, kept in memory only) and checks it. */
export async function verifyUpload(request: Request): Promise<UploadVerdict | { status: "no-file" }> {
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
  return verifyUploadedPdf(new Uint8Array(await file.arrayBuffer()));
}

export const VERDICT_MESSAGES: Record<
  UploadVerdict["status"] | "no-file",
  { tone: "success" | "error"; text: string }
> = {
  authentic: {
    tone: "success",
    text: "Tệp PDF là chứng nhận thật: chữ ký số hợp lệ và dữ liệu trong tệp khớp với hồ sơ.",
  },
  revoked: { tone: "error", text: "Chữ ký hợp lệ, nhưng chứng nhận này đã bị thu hồi." },
  mismatch: {
    tone: "error",
    text: "Dữ liệu trong tệp không khớp với hồ sơ chứng nhận: tệp đã bị chỉnh sửa hoặc không phải bản đã cấp.",
  },
  "bad-signature": {
    tone: "error",
    text: "Chữ ký số không hợp lệ: dữ liệu trong tệp đã bị chỉnh sửa hoặc không do nền tảng này cấp.",
  },
  "unknown-serial": { tone: "error", text: "Không tìm thấy chứng nhận có số hiệu ghi trong tệp." },
  "no-payload": {
    tone: "error",
    text: "Tệp PDF không chứa dữ liệu chứng nhận đã ký: đây không phải chứng nhận do nền tảng cấp.",
  },
  "not-pdf": { tone: "error", text: "Tệp tải lên không phải là tệp PDF." },
  "too-large": { tone: "error", text: "Tệp quá lớn: chỉ nhận tệp PDF tối đa 5 MB." },
  "no-file": { tone: "error", text: "Vui lòng chọn một tệp PDF để kiểm tra." },
};
