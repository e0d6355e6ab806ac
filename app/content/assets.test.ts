import { describe, expect, test } from "vitest";

import { isContentAssetPath } from "~/content/assets";

describe("the content-assets path guard", () => {
  test.each([
    "/nhap-mon-dan-van/assets/so-do.png",
    "/nhap-mon-dan-van/01-nhap-mon/assets/anh-hop-thon.jpg",
    "/khoa/assets/a.b.webp",
    "/khoa/assets/A.JPEG",
  ])("serves the image %s", (requestPath) => {
    expect(isContentAssetPath(requestPath)).toBe(true);
  });

  test.each([
    "/nhap-mon-dan-van/01-nhap-mon/01-dan-van-la-gi-va-vi-sao.mdx",
    "/nhap-mon-dan-van/exam.yml",
    "/nhap-mon-dan-van/assets/../course.mdx",
    "/nhap-mon-dan-van/assets/..%2Fcourse.mdx",
    "/../../package.json",
    "/nhap-mon-dan-van/assets/../../../prisma/data/hocdanvan.db",
    "/nhap-mon-dan-van/assets/logo.svg",
    "/nhap-mon-dan-van/assets/trang.html",
    "/nhap-mon-dan-van/assets/sub/anh.png",
    "/nhap-mon-dan-van/assets/.png",
    "/nhap-mon-dan-van/assets/anh.png/",
    "//evil.example/assets/anh.png",
  ])("refuses %s", (requestPath) => {
    expect(isContentAssetPath(requestPath)).toBe(false);
  });
});
