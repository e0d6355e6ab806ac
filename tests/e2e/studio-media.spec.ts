import type { APIRequestContext } from "@playwright/test";
import sharp from "sharp";

import { prisma } from "~/db.server";
import { createStudioLesson } from "~/studio/lessons.server";

import { DEMO, expect, expectAccessible, sessionCookieFor, test } from "./fixtures";

// A course no other browser test walks through for its outline (the studio spec adds lessons here too).
const COURSE = "phong-trao-dan-van-kheo";
const MODULE = "thuc-hien-danh-gia-nhan-rong";
const LIBRARY = `/studio/courses/${COURSE}/media`;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A small PNG with its own colour, so that each test uploads different bytes (a different hash). */
const png = (seed: number) =>
  sharp({ create: { width: 12, height: 9, channels: 3, background: { r: seed % 256, g: 80, b: 160 } } })
    .png()
    .toBuffer();

/** An ISO base media header (ftyp isom) and a mdat of known bytes: recognised as MP4, for byte ranges. */
const mp4 = (tag: string) =>
  Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from("ftypisom"),
    Buffer.from([0, 0, 2, 0]),
    Buffer.from("isommp41"),
    Buffer.from([0, 0, 0x04, 0x08]),
    Buffer.from("mdat"),
    Buffer.from(tag.padEnd(1024, "-")),
  ]);

const VTT = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nKính chào các đồng chí.\n";

async function cookieHeader(email: string, baseURL: string) {
  const c = await sessionCookieFor(email, baseURL);
  return `${c.name}=${c.value}`;
}

type Upload = { name: string; mimeType: string; buffer: Buffer };
async function postUpload(options: {
  request: APIRequestContext;
  cookie: string;
  file: Upload;
  alt: string;
  captions?: Upload;
}) {
  return options.request.post(LIBRARY, {
    headers: { Cookie: options.cookie },
    multipart: {
      intent: "upload",
      alt: options.alt,
      file: options.file,
      ...(options.captions ? { captions: options.captions } : {}),
    },
    maxRedirects: 0,
  });
}

test("a trainer uploads an image and a video; refused files say why; a lesson with both is published and seen by a learner @no-js", async ({
  page,
  loginAs,
  browser,
  baseURL,
}) => {
  await loginAs(DEMO.trainer);
  await page.goto(LIBRARY);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Thư viện tệp");
  await expectAccessible(page);

  // An HTML page renamed .png, then an SVG: refused by their content.
  await page
    .getByLabel("Tệp", { exact: false })
    .first()
    .setInputFiles({
      name: "anh.png",
      mimeType: "image/png",
      buffer: Buffer.from("<!doctype html><script>alert(1)</script>"),
    });
  await page.getByLabel("Mô tả ảnh (alt)", { exact: false }).fill("Ảnh giả");
  await page.getByRole("button", { name: "Tải lên" }).click();
  await expect(page.locator(".field-error")).toContainText("không phải ảnh PNG, JPEG, WebP");
  await expect(page.getByLabel("Mô tả ảnh (alt)", { exact: false })).toHaveValue("Ảnh giả");
  await expectAccessible(page);
  await page
    .getByLabel("Tệp", { exact: false })
    .first()
    .setInputFiles({
      name: "so-do.svg",
      mimeType: "image/svg+xml",
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    });
  await page.getByRole("button", { name: "Tải lên" }).click();
  await expect(page.locator(".field-error")).toContainText("Không nhận ảnh SVG");

  // A real PNG, named .jpg: accepted as PNG.
  const alt = `Hội nghị dân vận ${unique()}`;
  await page
    .getByLabel("Tệp", { exact: false })
    .first()
    .setInputFiles({
      name: "hoi-nghi.jpg",
      mimeType: "image/jpeg",
      buffer: await png(Date.now()),
    });
  await page.getByLabel("Mô tả ảnh (alt)", { exact: false }).fill(alt);
  await page.getByRole("button", { name: "Tải lên" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã tải lên.");
  const imageRow = page.getByRole("row").filter({ hasText: alt });
  const imageSnippet = (await imageRow.locator("code").textContent())!;
  expect(imageSnippet).toMatch(/^!\[.+\]\(\/media\/[0-9a-f]{64}\.png\)$/);

  // A video without captions is refused; with them it is accepted.
  const title = `Bài giảng ${unique()}`;
  await page
    .getByLabel("Tệp", { exact: false })
    .first()
    .setInputFiles({
      name: "bai-giang.mp4",
      mimeType: "video/mp4",
      buffer: mp4(title),
    });
  await page.getByLabel("Mô tả ảnh (alt)", { exact: false }).fill(title);
  await page.getByRole("button", { name: "Tải lên" }).click();
  await expect(page.locator(".field-error")).toContainText("cần kèm tệp phụ đề");
  await page
    .getByLabel("Tệp", { exact: false })
    .first()
    .setInputFiles({
      name: "bai-giang.mp4",
      mimeType: "video/mp4",
      buffer: mp4(title),
    });
  await page
    .getByLabel("Phụ đề hoặc lời thoại")
    .setInputFiles({ name: "phu-de.vtt", mimeType: "text/vtt", buffer: Buffer.from(VTT) });
  await page.getByRole("button", { name: "Tải lên" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã tải lên.");
  const videoSnippet = (await page.getByRole("row").filter({ hasText: title }).locator("code").textContent())!;
  expect(videoSnippet).toMatch(
    /^<Video src="\/media\/[0-9a-f]{64}\.mp4" captions="\/media\/[0-9a-f]{64}\.vtt" title=".+" \/>$/,
  );
  await expectAccessible(page);

  // The image is served with its detected type, nosniff and immutable caching.
  const imageUrl = /\((\/media\/[^)]+)\)/.exec(imageSnippet)![1]!;
  const served = await page.request.get(imageUrl);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["x-content-type-options"]).toBe("nosniff");
  expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

  // A lesson with both, published in the editor, read by a learner.
  const slug = `bai-co-video-${unique()}`;
  const trainer = await prisma.user.findUniqueOrThrow({ where: { email: DEMO.trainer } });
  await createStudioLesson({
    moduleId: `${COURSE}/${MODULE}`,
    slug,
    source: `---\ntitle: "Bài có hình và video ${slug}"\ndescription: "Bài thử thư viện tệp."\nobjectives:\n  - "Xem video."\nestimatedMinutes: 5\ntags: []\nstatus: published\n---\n\nMở đầu.\n\n${imageSnippet}\n\n${videoSnippet}\n`,
    actor: trainer,
  });
  await page.goto(`/studio/courses/${COURSE}/${slug}`);
  await page.getByRole("button", { name: "Xuất bản" }).click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản phiên bản 1");

  const context = await browser.newContext();
  await context.addCookies([await sessionCookieFor(DEMO.learner, baseURL!)]);
  const learner = await context.newPage();
  expect((await learner.goto(`/courses/${COURSE}/${slug}`))?.status()).toBe(200);
  await expect(learner.getByRole("img", { name: alt })).toBeVisible();
  const video = learner.locator("video");
  await expect(video).toHaveAttribute("preload", "none");
  await expect(video.locator('track[kind="captions"][srclang="vi"]')).toHaveAttribute("default", "");
  await expect(learner.getByRole("link", { name: "Xem lời thoại (phụ đề)" })).toBeVisible();
  await expectAccessible(learner);

  // In use by a published lesson: it cannot be retired, and the refusal names the lesson.
  await page.goto(LIBRARY);
  await imageRow.getByRole("button", { name: /^Gỡ/ }).click();
  await expect(page.getByRole("alert")).toContainText(`Bài có hình và video ${slug}`);
  await context.close();
});

test("media is served with byte ranges: first bytes, middle, suffix, and 416 beyond the end", async ({
  request,
  baseURL,
}) => {
  const cookie = await cookieHeader(DEMO.trainer, baseURL!);
  const body = mp4(`khoang-${unique()}`);
  const uploaded = await postUpload({
    request,
    cookie,
    file: { name: "khoang.mp4", mimeType: "video/mp4", buffer: body },
    alt: "Video khoảng byte",
    captions: { name: "p.vtt", mimeType: "text/vtt", buffer: Buffer.from(VTT) },
  });
  expect(uploaded.status()).toBe(302);
  const media = await prisma.mediaAsset.findFirstOrThrow({
    where: { label: "Video khoảng byte" },
    orderBy: { createdAt: "desc" },
  });
  const url = `/media/${media.fileName}`;
  const size = body.length;

  const whole = await request.get(url);
  expect(whole.status()).toBe(200);
  expect(whole.headers()["accept-ranges"]).toBe("bytes");
  expect(whole.headers()["content-type"]).toBe("video/mp4");
  expect(Buffer.compare(await whole.body(), body)).toBe(0);

  const first = await request.get(url, { headers: { Range: "bytes=0-7" } });
  expect(first.status()).toBe(206);
  expect(first.headers()["content-range"]).toBe(`bytes 0-7/${size}`);
  expect((await first.body()).toString("latin1")).toBe(body.subarray(0, 8).toString("latin1"));

  const middle = await request.get(url, { headers: { Range: "bytes=40-59" } });
  expect(middle.status()).toBe(206);
  expect(middle.headers()["content-range"]).toBe(`bytes 40-59/${size}`);
  expect(Buffer.compare(await middle.body(), body.subarray(40, 60))).toBe(0);

  const suffix = await request.get(url, { headers: { Range: "bytes=-16" } });
  expect(suffix.status()).toBe(206);
  expect(suffix.headers()["content-range"]).toBe(`bytes ${size - 16}-${size - 1}/${size}`);
  expect(Buffer.compare(await suffix.body(), body.subarray(size - 16))).toBe(0);

  const beyond = await request.get(url, { headers: { Range: `bytes=${size + 10}-` } });
  expect(beyond.status()).toBe(416);
  expect(beyond.headers()["content-range"]).toBe(`bytes */${size}`);

  const captions = await request.get(`/media/${media.captionsFileName}`);
  expect(captions.headers()["content-type"]).toMatch(/^text\/vtt/);
  expect(await captions.text()).toBe(VTT);
  // Nothing else below /media/ is served: not the temporary folder, not a guessed name.
  expect((await request.get("/media/.tmp/x")).status()).toBe(404);
  expect((await request.get(`/media/${"0".repeat(64)}.png`)).status()).toBe(404);
});

test("a 6 MB image is refused with a Vietnamese message and the server stays up", async ({ request, baseURL }) => {
  const cookie = await cookieHeader(DEMO.trainer, baseURL!);
  const big = Buffer.concat([await png(7), Buffer.alloc(6 * 1024 * 1024, 3)]);
  const response = await postUpload({
    request,
    cookie,
    file: { name: "anh-lon.png", mimeType: "image/png", buffer: big },
    alt: "Ảnh quá lớn",
  });
  expect(response.status()).toBe(413);
  expect(await response.text()).toContain("Ảnh lớn quá 5 MB");
  expect((await request.get("/healthz")).status()).toBe(200);
  expect(await prisma.mediaAsset.count({ where: { label: "Ảnh quá lớn" } })).toBe(0);
});

test("upload with JavaScript: the same form, through the client-side navigation", async ({ page, loginAs }) => {
  await loginAs(DEMO.trainer);
  await page.goto(LIBRARY);
  const alt = `Ảnh không cần JavaScript ${unique()}`;
  await page.locator("#media-file").setInputFiles({
    name: "a.webp",
    mimeType: "image/webp",
    buffer: await sharp(await png(99))
      .webp()
      .toBuffer(),
  });
  await page.getByLabel("Mô tả ảnh (alt)", { exact: false }).fill(alt);
  await page.getByRole("button", { name: "Tải lên" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã tải lên.");
  await expect(page.getByRole("row").filter({ hasText: alt })).toBeVisible();
  await expectAccessible(page);
});

for (const who of [DEMO.learner, DEMO.manager]) {
  test(`${who} gets 403 on the media library page and its actions, by URL and by posting directly`, async ({
    request,
    baseURL,
  }) => {
    const cookie = await cookieHeader(who, baseURL!);
    expect((await request.get(LIBRARY, { headers: { Cookie: cookie }, maxRedirects: 0 })).status()).toBe(403);
    const before = await prisma.mediaAsset.count();
    const upload = await postUpload({
      request,
      cookie,
      file: { name: "a.png", mimeType: "image/png", buffer: await png(5) },
      alt: "Tải lên trái phép",
    });
    expect(upload.status()).toBe(403);
    const anyItem = await prisma.mediaAsset.findFirst({ where: { retiredAt: null } });
    const retire = await request.post(LIBRARY, {
      headers: { Cookie: cookie },
      form: { intent: "retire", mediaId: anyItem?.id ?? "khong-co" },
      maxRedirects: 0,
    });
    expect(retire.status()).toBe(403);
    expect(await prisma.mediaAsset.count()).toBe(before);
    if (anyItem)
      expect((await prisma.mediaAsset.findUniqueOrThrow({ where: { id: anyItem.id } })).retiredAt).toBeNull();
  });
}
