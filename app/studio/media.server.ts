import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import type { UploadHandler } from "@remix-run/node";
import sharp from "sharp";

import { MEDIA_FOLDER, mediaUrl } from "~/content/media";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import { recordAudit } from "~/studio/audit.server";
import { checkWebVtt, type DetectedType, detectMediaType, looksLikeMarkup } from "~/studio/media-check.server";
import { DomainError, isUniqueViolation } from "~/utils/errors";

/**
 * The studio's media library: images, video and audio for a course's lessons. Uploads are streamed
 * to a temporary file (never held whole in memory), recognised by their bytes, images decoded and
 * re-encoded (which drops EXIF, GPS and every other metadata), and stored content-addressed as
 * DATA_DIR/media/<sha256>.<ext>, which the server serves with immutable caching and byte ranges.
 */

export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const CAPTIONS_MAX_BYTES = 1024 * 1024;
/** Decoding a huge canvas costs memory far beyond the file's size: 40 megapixels is plenty for a lesson. */
const IMAGE_MAX_PIXELS = 40_000_000;
/** Parts of an upload form: file, captions, alt, intent (and room for a few more). */
const MAX_PARTS = 8;

export function mediaDirectory() {
  return path.resolve(env.DATA_DIR, MEDIA_FOLDER);
}

export type UploadedPart = { tmpPath: string; bytes: number; originalName: string };

const formatMb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;

/**
 * A multipart handler that writes each file part to a temporary file as it arrives, stopping (and
 * refusing the upload) once a part passes its limit, and remembers the parts in `files`. Text
 * fields are kept in memory up to 4 KB. Call `cleanup()` when done, whatever happened.
 */
export function createMediaUploadHandler(options: { maxFileBytes: number }) {
  const files = new Map<string, UploadedPart>();
  const tmpDir = path.join(mediaDirectory(), ".tmp");
  let parts = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    parts += 1;
    if (parts > MAX_PARTS) throw new DomainError("Biểu mẫu gửi lên có quá nhiều phần.", { status: 400 });
    if (filename === undefined) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.length;
        if (size > 4096) throw new DomainError("Nội dung một trường quá dài.", { field: name, status: 400 });
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString("utf8");
    }
    await fs.promises.mkdir(tmpDir, { recursive: true });
    const tmpPath = path.join(tmpDir, crypto.randomBytes(16).toString("hex"));
    const out = fs.createWriteStream(tmpPath, { flags: "wx" });
    const finished = new Promise<void>((resolve, reject) => {
      out.on("finish", resolve);
      out.on("error", reject);
    });
    const previous = files.get(name);
    if (previous) await fs.promises.rm(previous.tmpPath, { force: true });
    const part = { tmpPath, bytes: 0, originalName: filename.slice(0, 200) };
    files.set(name, part);
    try {
      for await (const chunk of data) {
        part.bytes += chunk.length;
        if (part.bytes > options.maxFileBytes)
          throw new DomainError(`Tệp quá lớn (tối đa ${formatMb(options.maxFileBytes)}).`, {
            field: name,
            status: 413,
          });
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
    } finally {
      out.end();
      await finished;
    }
    return part.bytes ? filename || "tệp" : null;
  };
  return {
    handler,
    files,
    async cleanup() {
      await Promise.all([...files.values()].map((f) => fs.promises.rm(f.tmpPath, { force: true })));
    },
  };
}

async function readHead(file: string, bytes = 64) {
  const handle = await fs.promises.open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function hashFile(file: string) {
  return new Promise<string>((resolve, reject) => {
    const hash = crypto.createHash("sha256");
    fs.createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Moves (or writes) a file to its content-addressed name; a file already there is the same bytes. */
async function storeAs(options: { fileName: string; from?: string; bytes?: Buffer }) {
  const target = path.join(mediaDirectory(), options.fileName);
  await fs.promises.mkdir(mediaDirectory(), { recursive: true });
  if (fs.existsSync(target)) return;
  if (options.bytes) {
    const tmp = `${target}.${crypto.randomBytes(6).toString("hex")}.part`;
    await fs.promises.writeFile(tmp, options.bytes);
    await fs.promises.rename(tmp, target);
  } else {
    await fs.promises.copyFile(options.from!, target);
  }
}

/**
 * Fully decodes an image and encodes it again in its own format: a file that does not decode is
 * refused, and nothing but pixels survives (EXIF with GPS, XMP, ICC comments, text chunks). The
 * EXIF orientation is applied first, so a phone photo stays upright without its metadata.
 */
export async function reencodeImage(options: { input: Buffer; type: DetectedType }) {
  try {
    const image = sharp(options.input, { failOn: "error", limitInputPixels: IMAGE_MAX_PIXELS, animated: false });
    const meta = await image.metadata();
    const expected = { "image/png": "png", "image/jpeg": "jpeg", "image/webp": "webp" }[options.type.mimeType];
    if (meta.format !== expected) throw new Error(`format ${meta.format}`);
    const pipeline = image.rotate();
    const output =
      expected === "png"
        ? await pipeline.png({ compressionLevel: 9 }).toBuffer()
        : expected === "jpeg"
          ? await pipeline.jpeg({ quality: 88, mozjpeg: true }).toBuffer()
          : await pipeline.webp({ quality: 88 }).toBuffer();
    return output;
  } catch {
    throw new DomainError("Không đọc được ảnh: tệp bị hỏng hoặc không đúng định dạng PNG, JPEG, WebP.", {
      field: "file",
    });
  }
}

type Actor = { id: string; ip?: string };

const refusedType = (head: Uint8Array) =>
  looksLikeMarkup(head) === "svg"
    ? "Không nhận ảnh SVG: tệp SVG có thể chứa mã chạy được. Hãy xuất ảnh ra PNG, JPEG hoặc WebP."
    : "Tệp không phải ảnh PNG, JPEG, WebP, video MP4, WebM hay âm thanh MP3 (kiểm tra theo nội dung tệp, không theo tên).";

/**
 * Checks and stores one upload into a course's library and records it in the audit log. The type
 * comes from the content: a PNG named .jpg is stored as the PNG it is. Video and audio need a
 * WebVTT captions/transcript file.
 */
export async function storeMediaUpload(options: {
  courseId: string;
  file: UploadedPart | undefined;
  captions: UploadedPart | undefined;
  label: string;
  actor: Actor;
}) {
  const { file, captions } = options;
  if (!file || file.bytes === 0) throw new DomainError("Hãy chọn tệp cần tải lên.", { field: "file" });
  const head = await readHead(file.tmpPath);
  const type = detectMediaType(head);
  if (!type) throw new DomainError(refusedType(head), { field: "file", status: 415 });
  let fileName: string;
  let bytes: number;
  let captionsFileName: string | null = null;
  if (type.kind === "image") {
    if (file.bytes > IMAGE_MAX_BYTES)
      throw new DomainError(`Ảnh lớn quá ${formatMb(IMAGE_MAX_BYTES)}: hãy thu nhỏ ảnh rồi tải lên lại.`, {
        field: "file",
        status: 413,
      });
    const output = await reencodeImage({ input: await fs.promises.readFile(file.tmpPath), type });
    fileName = `${crypto.createHash("sha256").update(output).digest("hex")}.${type.ext}`;
    bytes = output.length;
    await storeAs({ fileName, bytes: output });
  } else {
    if (file.bytes > env.MEDIA_MAX_BYTES)
      throw new DomainError(`Tệp lớn quá ${formatMb(env.MEDIA_MAX_BYTES)}.`, { field: "file", status: 413 });
    if (!captions || captions.bytes === 0)
      throw new DomainError(
        "Video và âm thanh cần kèm tệp phụ đề hoặc lời thoại WebVTT (.vtt) để người khiếm thính theo dõi được.",
        { field: "captions" },
      );
    if (captions.bytes > CAPTIONS_MAX_BYTES)
      throw new DomainError(`Tệp phụ đề lớn quá ${formatMb(CAPTIONS_MAX_BYTES)}.`, { field: "captions", status: 413 });
    const vtt = await fs.promises.readFile(captions.tmpPath);
    const problems = checkWebVtt(vtt);
    if (problems.length)
      throw new DomainError(`Tệp phụ đề không hợp lệ: ${problems.join("; ")}.`, { field: "captions" });
    captionsFileName = `${crypto.createHash("sha256").update(vtt).digest("hex")}.vtt`;
    await storeAs({ fileName: captionsFileName, bytes: vtt });
    fileName = `${await hashFile(file.tmpPath)}.${type.ext}`;
    bytes = file.bytes;
    await storeAs({ fileName, from: file.tmpPath });
  }
  const data = {
    kind: type.kind,
    mimeType: type.mimeType,
    bytes,
    label: options.label,
    captionsFileName,
    originalName: file.originalName,
  };
  let media;
  try {
    media = await prisma.mediaAsset.create({
      data: { ...data, courseId: options.courseId, fileName, uploadedById: options.actor.id },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same bytes again: the library keeps one item, with the new description, back in use.
    media = await prisma.mediaAsset.update({
      where: { courseId_fileName: { courseId: options.courseId, fileName } },
      data: { ...data, retiredAt: null },
    });
  }
  await recordAudit({
    actorId: options.actor.id,
    action: "media.upload",
    target: { type: "media", id: media.id },
    after: { courseId: options.courseId, fileName, kind: type.kind, label: options.label, captionsFileName },
    ip: options.actor.ip,
  });
  return media;
}

export async function findMediaCourse(courseId: string) {
  return prisma.course.findFirst({ where: { id: courseId, removedAt: null }, select: { id: true, title: true } });
}

export async function listCourseMedia(courseId: string) {
  const items = await prisma.mediaAsset.findMany({
    where: { courseId },
    orderBy: [{ retiredAt: "asc" }, { createdAt: "desc" }],
    include: { uploadedBy: { select: { fullName: true } } },
  });
  return items.map((item) => ({
    ...item,
    url: mediaUrl(item.fileName),
    captionsUrl: item.captionsFileName ? mediaUrl(item.captionsFileName) : null,
  }));
}

/** The /media/ URLs a new publish may name: items of the course's library that are not retired. */
export async function usableMediaUrls(courseId: string) {
  const items = await prisma.mediaAsset.findMany({
    where: { courseId, retiredAt: null },
    select: { fileName: true, captionsFileName: true },
  });
  return new Set(
    items.flatMap((i) => [mediaUrl(i.fileName), ...(i.captionsFileName ? [mediaUrl(i.captionsFileName)] : [])]),
  );
}

/** Published (live, not retired) lessons whose HTML names a file. */
async function lessonsUsing(fileNames: string[]) {
  return prisma.lesson.findMany({
    where: {
      publishedVersionId: { not: null },
      retiredAt: null,
      removedAt: null,
      OR: fileNames.map((name) => ({ html: { contains: mediaUrl(name) } })),
    },
    select: { title: true },
    orderBy: { title: "asc" },
  });
}

/**
 * Retires an item from the library (the row and the file stay: old versions may name them). Refused,
 * with the lessons named, while a published lesson shows it.
 */
export async function retireMedia(options: { courseId: string; mediaId: string; actor: Actor }) {
  const media = await prisma.mediaAsset.findFirst({ where: { id: options.mediaId, courseId: options.courseId } });
  if (!media) throw new DomainError("Không tìm thấy tệp trong thư viện của khóa học.", { status: 404 });
  if (media.retiredAt) return media;
  const users = await lessonsUsing([media.fileName]);
  if (users.length)
    throw new DomainError(
      `Không thể gỡ: tệp đang được dùng trong bài đã xuất bản: ${users.map((l) => `“${l.title}”`).join(", ")}. Hãy bỏ tệp khỏi các bài đó và xuất bản lại trước.`,
      { field: "mediaId", status: 409 },
    );
  const retired = await prisma.mediaAsset.update({ where: { id: media.id }, data: { retiredAt: new Date() } });
  await recordAudit({
    actorId: options.actor.id,
    action: "media.retire",
    target: { type: "media", id: media.id },
    before: { fileName: media.fileName, label: media.label },
    after: { retiredAt: retired.retiredAt },
    ip: options.actor.ip,
  });
  return retired;
}
