import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

import { DomainError } from "~/utils/errors";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** The uploaded staff list (field "file"), in memory, at most 10 MB (ROUTE_LIMITS refuses more first). */
export async function readImportUpload(request: Request) {
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      throw new DomainError("Tệp lớn hơn 10 MB: hãy chia thành nhiều tệp.", { field: "file", status: 413 });
    throw new DomainError("Không đọc được tệp gửi lên.", { field: "file" });
  }
  const file = formData.get("file");
  if (!file || typeof file === "string" || file.size === 0)
    throw new DomainError("Vui lòng chọn tệp danh sách (CSV hoặc XLSX).", { field: "file" });
  return { formData, fileName: file.name || "danh-sach", bytes: new Uint8Array(await file.arrayBuffer()) };
}
