import { describe, expect, test } from "vitest";

import { compileMdx } from "~/content/compile.server";

const SOURCE = [
  '<Check question="Chọn phương án đúng?" explanation="Vì A.">',
  "<Choice correct>Phương án A</Choice>",
  "<Choice>Phương án B</Choice>",
  "<Choice>Phương án C</Choice>",
  "<Choice>Phương án D</Choice>",
  "<Choice>Phương án E</Choice>",
  "<Choice>Phương án F</Choice>",
  "</Check>",
].join("\n");

const order = async (file: string) => {
  const { html } = await compileMdx({ source: SOURCE, file, assetBase: "/content-assets/x" });
  return [...html.matchAll(/<label[^>]*>Phương án (\w)<\/label>/g)].map((m) => m[1]);
};

describe("self-check choices", () => {
  test("are shuffled at build time, the same way on every build of the same lesson", async () => {
    const first = await order("courses/khoa/01-chuong/01-bai.mdx");
    expect([...first].sort()).toEqual(["A", "B", "C", "D", "E", "F"]);
    expect(first).not.toEqual(["A", "B", "C", "D", "E", "F"]);
    expect(await order("courses/khoa/01-chuong/01-bai.mdx")).toEqual(first);
    // Another lesson with the same question gets its own order.
    expect(await order("courses/khoa/01-chuong/02-bai.mdx")).not.toEqual(first);
  });

  test("the right answer stays marked and named, wherever it lands", async () => {
    const { html } = await compileMdx({ source: SOURCE, file: "a.mdx", assetBase: "/x" });
    expect(html).toMatch(/class="is-correct"[^>]*\/?>\s*<label[^>]*>Phương án A</);
    expect(html).toContain("Đáp án: <strong>Phương án A</strong>");
  });
});
