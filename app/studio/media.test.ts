import fs from "node:fs";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

// Uploads of this file go to a folder of its own (env is read when the app modules load).
vi.hoisted(() => {
  process.env.DATA_DIR = `${process.env.TMPDIR ?? "/tmp"}/hdv-media-${process.pid}-${Date.now()}`;
});

import { buildContent } from "~/content/build.server";
import { prisma } from "~/db.server";
import { env } from "~/env.server";
import { latestVersion, publishLessonVersion, saveLessonVersion } from "~/studio/lessons.server";
import {
  listCourseMedia,
  mediaDirectory,
  retireMedia,
  storeMediaUpload,
  type UploadedPart,
} from "~/studio/media.server";
import { checkWebVtt, detectMediaType } from "~/studio/media-check.server";
import { DomainError } from "~/utils/errors";

import { writeContentFixture } from "../../tests/content-fixture";
import { makeUser } from "../../tests/factories";

let root: string;
let trainer: { id: string };
const COURSE = "khoa-thu";
const LESSON = "khoa-thu/bai-mot";

beforeAll(async () => {
  fs.mkdirSync(env.DATA_DIR, { recursive: true });
  root = writeContentFixture({});
  await buildContent({ root });
  trainer = await makeUser({ roles: ["TRAINER"] });
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
});

let counter = 0;
/** A file as the multipart handler leaves it: bytes in a temporary file, with the browser's name. */
function part(bytes: Uint8Array | string, originalName: string): UploadedPart {
  const tmpPath = path.join(env.DATA_DIR, `upload-${process.pid}-${(counter += 1)}`);
  fs.writeFileSync(tmpPath, bytes);
  return { tmpPath, bytes: fs.statSync(tmpPath).size, originalName };
}

const upload = (file: UploadedPart, extra: { captions?: UploadedPart; label?: string } = {}) =>
  storeMediaUpload({
    courseId: COURSE,
    file,
    captions: extra.captions,
    label: extra.label ?? "Cán bộ gặp gỡ người dân",
    actor: { id: trainer.id },
  });

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const png = () =>
  sharp({ create: { width: 8, height: 6, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();

/** A JPEG carrying EXIF with a camera, a copyright and a GPS position, as phones write them. */
const jpegWithGps = () =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 10, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "DienThoaiBiMat", Copyright: "Toa-do-nha-rieng" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "16/1 49/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "107/1 5/1 0/1" },
    })
    .toBuffer();

/** An ISO base media file header (ftyp isom) followed by an empty mdat: enough to be recognised as MP4. */
const mp4 = () =>
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from("ftypisom"),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from("isommp41"),
    Buffer.from([0, 0, 0, 0x10]),
    Buffer.from("mdat"),
    Buffer.alloc(8, 1),
  ]);

const VTT =
  "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nXin chào các đồng chí.\n\n00:02.500 --> 00:05.000\nDân vận khéo.\n";

describe("what a file is, by its bytes", () => {
  test("recognises PNG, JPEG, WebP, MP4, WebM and MP3; refuses HTML, SVG and Matroska", async () => {
    expect(detectMediaType(await png())?.mimeType).toBe("image/png");
    expect(detectMediaType(await jpegWithGps())?.mimeType).toBe("image/jpeg");
    expect(
      detectMediaType(
        await sharp(await png())
          .webp()
          .toBuffer(),
      )?.mimeType,
    ).toBe("image/webp");
    expect(detectMediaType(mp4())?.mimeType).toBe("video/mp4");
    const ebml = (docType: string) =>
      Buffer.concat([
        Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x80 | docType.length]),
        Buffer.from(docType),
      ]);
    expect(detectMediaType(ebml("webm"))?.mimeType).toBe("video/webm");
    expect(detectMediaType(ebml("matroska"))).toBeNull();
    expect(detectMediaType(Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]))?.mimeType).toBe("audio/mpeg");
    expect(detectMediaType(Buffer.from([0xff, 0xfb, 0x90, 0x64]))?.mimeType).toBe("audio/mpeg");
    expect(detectMediaType(Buffer.from("<!doctype html><script>alert(1)</script>"))).toBeNull();
    expect(detectMediaType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
  });
});

describe("image uploads", () => {
  test("a PNG renamed .jpg is accepted as the PNG it is (type from content, stored as .png)", async () => {
    const media = await upload(part(await png(), "anh-that-ra-la-png.jpg"));
    expect(media).toMatchObject({ kind: "image", mimeType: "image/png", originalName: "anh-that-ra-la-png.jpg" });
    expect(media.fileName).toMatch(/^[0-9a-f]{64}\.png$/);
    const stored = fs.readFileSync(path.join(mediaDirectory(), media.fileName));
    expect((await sharp(stored).metadata()).format).toBe("png");
  });

  test("an HTML file renamed .png is refused", async () => {
    const error = await refusal(upload(part("<html><body><script>alert(1)</script></body></html>", "anh.png")));
    expect(error.message).toContain("không phải ảnh PNG, JPEG, WebP");
    expect(error.status).toBe(415);
  });

  test("an SVG is refused, saying why", async () => {
    const svg = '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>';
    const error = await refusal(upload(part(svg, "so-do.svg")));
    expect(error.message).toContain("Không nhận ảnh SVG");
  });

  test("a 6 MB image is refused with a Vietnamese message", async () => {
    const big = Buffer.concat([await png(), Buffer.alloc(6 * 1024 * 1024, 7)]);
    const error = await refusal(upload(part(big, "anh-lon.png")));
    expect(error.message).toBe("Ảnh lớn quá 5 MB: hãy thu nhỏ ảnh rồi tải lên lại.");
    expect(error.status).toBe(413);
  });

  test("a file with an image's first bytes that does not decode is refused", async () => {
    const broken = Buffer.concat([(await png()).subarray(0, 40), Buffer.alloc(200, 0)]);
    const error = await refusal(upload(part(broken, "hong.png")));
    expect(error.message).toContain("Không đọc được ảnh");
  });

  test("EXIF and GPS metadata are gone from the stored image", async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes(Buffer.from("Toa-do-nha-rieng"))).toBe(true);
    const media = await upload(part(original, "anh-dien-thoai.jpg"));
    const stored = fs.readFileSync(path.join(mediaDirectory(), media.fileName));
    const meta = await sharp(stored).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(stored.includes(Buffer.from("Exif"))).toBe(false);
    expect(stored.includes(Buffer.from("Toa-do-nha-rieng"))).toBe(false);
    expect(stored.includes(Buffer.from("DienThoaiBiMat"))).toBe(false);
  });
});

describe("video and audio uploads", () => {
  test("captions are required, and must be valid WebVTT", async () => {
    const missing = await refusal(upload(part(mp4(), "bai-giang.mp4")));
    expect(missing.field).toBe("captions");
    expect(missing.message).toContain("WebVTT");
    const notVtt = await refusal(
      upload(part(mp4(), "bai-giang.mp4"), { captions: part("1\n00:00:01,000 --> 2", "a.srt") }),
    );
    expect(notVtt.message).toContain("dòng đầu tiên phải là “WEBVTT”");
    const badTime = await refusal(
      upload(part(mp4(), "bai-giang.mp4"), {
        captions: part("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nNgược\n", "a.vtt"),
      }),
    );
    expect(badTime.message).toContain("dòng 3: thời điểm kết thúc đứng trước thời điểm bắt đầu");
    const media = await upload(part(mp4(), "bai-giang.mp4"), {
      captions: part(VTT, "phu-de.vtt"),
      label: "Bài giảng mở đầu",
    });
    expect(media).toMatchObject({ kind: "video", mimeType: "video/mp4" });
    expect(media.captionsFileName).toMatch(/^[0-9a-f]{64}\.vtt$/);
    expect(fs.readFileSync(path.join(mediaDirectory(), media.captionsFileName!), "utf8")).toBe(VTT);
  });

  test("WebVTT checks: signature, timings with and without hours, at least one cue", () => {
    expect(checkWebVtt(Buffer.from(VTT))).toEqual([]);
    expect(checkWebVtt(Buffer.from("\uFEFFWEBVTT - Phụ đề\n\n01:00:00.000 --> 01:00:01.000 align:start\nA\n"))).toEqual(
      [],
    );
    expect(checkWebVtt(Buffer.from("WEBVTTX\n"))).toHaveLength(1);
    expect(checkWebVtt(Buffer.from("WEBVTT\n\n00:00:01.000 --> 00:00:xx\nA\n"))[0]).toContain("dòng 3");
    expect(checkWebVtt(Buffer.from("WEBVTT\n"))[0]).toContain("chưa có câu thoại");
  });
});

describe("media in lessons", () => {
  test("a lesson publishes with an uploaded image and video; other image URLs are refused; used media cannot be retired", async () => {
    const image = await upload(part(await png(), "hinh.png"), { label: "Hội nghị dân vận ở xã" });
    const video = (await listCourseMedia(COURSE)).find((m) => m.kind === "video")!;
    const latest = (await latestVersion(LESSON))!;
    const publish = async (extra: string) => {
      const saved = await saveLessonVersion({
        lessonId: LESSON,
        source: `${latest.source}\n${extra}\n`,
        baseVersion: (await latestVersion(LESSON))!.number,
        note: "media",
        actor: { id: trainer.id },
      });
      if (saved.kind !== "saved") throw new Error(saved.kind);
      return publishLessonVersion({ lessonId: LESSON, versionId: saved.version.id, actor: { id: trainer.id } });
    };
    const foreign = await publish("![Ảnh ngoài](/media/" + "a".repeat(64) + ".png)");
    expect(foreign.ok).toBe(false);
    const other = await publish("![Ảnh](/build/other.png)");
    expect(other.ok).toBe(false);
    const ok = await publish(
      `![Hội nghị dân vận ở xã](/media/${image.fileName})\n\n<Video src="${video.url}" captions="${video.captionsUrl}" title="Bài giảng mở đầu" />`,
    );
    expect(ok.ok).toBe(true);
    const lesson = await prisma.lesson.findUniqueOrThrow({ where: { id: LESSON } });
    expect(lesson.html).toContain(`<img src="/media/${image.fileName}" alt="Hội nghị dân vận ở xã"`);
    expect(lesson.html).toMatch(/<video controls="" preload="none" src="\/media\/[0-9a-f]{64}\.mp4"/);
    // HTML attribute names are case-insensitive: React writes srcLang, the browser reads srclang.
    expect(lesson.html.toLowerCase()).toContain(
      `<track kind="captions" srclang="vi" label="tiếng việt" src="${video.captionsUrl}" default=""/>`,
    );

    const error = await refusal(retireMedia({ courseId: COURSE, mediaId: image.id, actor: { id: trainer.id } }));
    expect(error.message).toContain("đang được dùng trong bài đã xuất bản");
    expect(error.message).toContain(lesson.title);
    const unused = await upload(
      part(
        await sharp(await png())
          .webp()
          .toBuffer(),
        "khong-dung.webp",
      ),
    );
    await retireMedia({ courseId: COURSE, mediaId: unused.id, actor: { id: trainer.id } });
    const events = await prisma.auditEvent.findMany({ where: { targetId: unused.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["media.upload", "media.retire"]);
    // A retired item can no longer be placed in a new publish.
    const retiredUse = await publish(`![Ảnh đã gỡ](/media/${unused.fileName})`);
    expect(retiredUse.ok).toBe(false);
  });
});
