/**
 * Limits on request bodies, checked by the HTTP server (app/server.ts) before any form parser sees
 * a byte: an oversized or over-many-fields body is refused in milliseconds (413/400), so one
 * anonymous request cannot buffer megabytes or keep the process busy parsing.
 */

export type BodyLimit = {
  /** Largest accepted body, in bytes (the Content-Length must say so up front). */
  maxBytes: number;
  /** Most form fields (urlencoded pairs or multipart parts) accepted. */
  maxFields: number;
  /** Whether multipart/form-data (file uploads) is accepted; every form takes urlencoded. */
  multipart: boolean;
  /**
   * Whether the server checks that the body parses as a form before the route runs (a malformed
   * body is then a 400, never the route's `request.formData()` throwing a 500). Upload routes parse
   * (and bound) their multipart themselves.
   */
  parseCheck: boolean;
  /**
   * Whether a multipart body goes to the route as a stream instead of being read into memory here
   * (media uploads of hundreds of MB, written to disk as they arrive). The Content-Length is still
   * checked against maxBytes first, and Node's parser never reads past it. Urlencoded posts to such
   * a route get the ordinary FORM_LIMIT.
   */
  stream?: boolean;
};

/** Every ordinary form: the largest is a 5,000-character reflection (~45 KB urlencoded). */
export const FORM_LIMIT: BodyLimit = { maxBytes: 128 * 1024, maxFields: 1000, multipart: true, parseCheck: true };

const MB = 1024 * 1024;

/**
 * Routes that take more than an ordinary form, by path. An upload route added later (for example
 * the studio's lesson images under /studio/…) gets its own row here; nothing else needs to change.
 * The 5 MB of /verify is the PDF limit (MAX_UPLOAD_BYTES) plus room for the multipart envelope.
 */
export const ROUTE_LIMITS: {
  match: (path: string) => boolean;
  /** A fixed limit, or one computed from the configured media limit (MEDIA_MAX_BYTES). */
  limit: BodyLimit | ((mediaMaxBytes: number) => BodyLimit);
}[] = [
  {
    match: (path) => path === "/verify" || path.startsWith("/verify/"),
    limit: { maxBytes: 5 * MB + 64 * 1024, maxFields: 10, multipart: true, parseCheck: false },
  },
  {
    // The studio's media library: one file (video up to MEDIA_MAX_BYTES) plus its captions (1 MB).
    match: (path) => /^\/studio\/courses\/[^/]+\/media(?:\.data)?\/?$/.test(path),
    limit: (mediaMaxBytes) => ({
      maxBytes: mediaMaxBytes + MB + 64 * 1024,
      maxFields: 10,
      multipart: true,
      parseCheck: false,
      stream: true,
    }),
  },
  // Staff import: a 20,000-row CSV is ~2 MB, an XLSX less; 10 MB leaves room for 50,000 rows.
  {
    match: (path) => path === "/admin/users/import" || path === "/admin/users/import/",
    limit: { maxBytes: 10 * MB + 64 * 1024, maxFields: 10, multipart: true, parseCheck: false },
  },
];

export function bodyLimitFor(path: string, options: { mediaMaxBytes: number }): BodyLimit {
  const limit = ROUTE_LIMITS.find((r) => r.match(path))?.limit ?? FORM_LIMIT;
  return typeof limit === "function" ? limit(options.mediaMaxBytes) : limit;
}

export function isMultipart(contentType: string | undefined) {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === MULTIPART_TYPE;
}

export type BodyVerdict = { ok: true } | { ok: false; status: 400 | 411 | 413 | 415; message: string };

const FORM_TYPE = "application/x-www-form-urlencoded";
const MULTIPART_TYPE = "multipart/form-data";

/** Checks what the headers say about a body, before reading it. */
export function checkBodyHeaders(options: {
  limit: BodyLimit;
  contentType: string | undefined;
  contentLength: string | undefined;
  chunked: boolean;
}): BodyVerdict {
  const length = options.contentLength === undefined ? undefined : Number(options.contentLength);
  if (length === 0 || (length === undefined && !options.chunked)) return { ok: true }; // no body at all
  if (length === undefined || !Number.isSafeInteger(length) || length < 0)
    return { ok: false, status: 411, message: "Yêu cầu phải cho biết độ dài dữ liệu gửi lên." };
  if (length > options.limit.maxBytes)
    return {
      ok: false,
      status: 413,
      message: `Dữ liệu gửi lên quá lớn (tối đa ${formatBytes(options.limit.maxBytes)}).`,
    };
  const type = (options.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== FORM_TYPE && !(type === MULTIPART_TYPE && options.limit.multipart))
    return { ok: false, status: 415, message: "Trang này chỉ nhận dữ liệu gửi từ biểu mẫu." };
  return { ok: true };
}

/**
 * Counts the fields of a body already read (at most maxBytes), without parsing it: `&`-separated
 * pairs for urlencoded forms, boundary lines for multipart. Linear in the body's length.
 */
export function countFields(options: { body: Buffer; contentType: string | undefined }) {
  const { body } = options;
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(options.contentType ?? "");
  if (boundary) {
    const marker = Buffer.from(`--${boundary[1] ?? boundary[2]!.trim()}`);
    let count = 0;
    for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, at + marker.length)) count += 1;
    return Math.max(0, count - 1); // the last marker closes the body
  }
  let count = body.length > 0 ? 1 : 0;
  for (const byte of body) if (byte === 0x26) count += 1; // "&"
  return count;
}

export function checkFieldCount(options: { limit: BodyLimit; fields: number }): BodyVerdict {
  if (options.fields > options.limit.maxFields)
    return { ok: false, status: 400, message: "Biểu mẫu gửi lên có quá nhiều trường dữ liệu." };
  return { ok: true };
}

/** Whether a (bounded) body parses as the form its Content-Type says; it is parsed again by the route. */
export async function parsesAsForm(options: { body: Buffer; contentType: string | undefined }) {
  if (options.body.length === 0) return true;
  try {
    await new Response(new Uint8Array(options.body), {
      headers: { "content-type": options.contentType ?? "" },
    }).formData();
    return true;
  } catch {
    return false;
  }
}

function formatBytes(bytes: number) {
  return bytes >= MB ? `${Math.floor(bytes / MB)} MB` : `${Math.floor(bytes / 1024)} KB`;
}
