import { describe, expect, test } from "vitest";

import { compareVietnamese, foldVietnamese, slugify } from "~/utils/vietnamese";

describe("foldVietnamese", () => {
  test.each([
    ["Dân vận khéo", "dan van kheo"],
    ["ĐẢNG", "dang"],
    ["Đảng", "dang"],
    ["đường", "duong"],
    ["Nghị quyết 25-NQ/TW", "nghi quyet 25-nq/tw"],
    ["Ủy ban", "uy ban"],
    ["Quyền hành và lực lượng đều ở nơi dân", "quyen hanh va luc luong deu o noi dan"],
    ["thụ hưởng", "thu huong"],
  ])("%s → %s", (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected);
  });

  test("keeps the length, so offsets map back to the original", () => {
    const text = "Dân vận khéo thì việc gì cũng thành công.";
    expect(foldVietnamese(text)).toHaveLength(text.length);
  });

  test("decomposed input is composed first", () => {
    expect(foldVietnamese("Da\u0302n")).toBe("dan");
  });
});

test("slugify gives ASCII ids", () => {
  expect(slugify("Dân vận là gì?")).toBe("dan-van-la-gi");
  expect(slugify("  1. Chuẩn bị chỗ ngồi  ")).toBe("1-chuan-bi-cho-ngoi");
});

test("Vietnamese alphabetical order puts đ after d", () => {
  expect(["Đảng", "Dân", "Ấp", "An", "Bản"].sort(compareVietnamese)).toEqual(["An", "Ấp", "Bản", "Dân", "Đảng"]);
});
