import { describe, expect, test } from "vitest";

import { escapeHtml } from "~/utils/html";
import { renderInlineMarkdown } from "~/utils/markdown";

// Quiz prompts, options and explanations are rendered by renderInlineMarkdown at build time and then
// inserted with dangerouslySetInnerHTML: whatever a bank says, no markup but ours may come out.
describe("inline Markdown of quiz text", () => {
  test("keeps the few allowed forms", () => {
    expect(renderInlineMarkdown("Câu **một** có *nghiêng*, _nghiêng_ và `mã`")).toBe(
      "Câu <strong>một</strong> có <em>nghiêng</em>, <em>nghiêng</em> và <code>mã</code>",
    );
    expect(renderInlineMarkdown("Dòng một\nDòng hai\n\nĐoạn hai")).toBe("Dòng một<br>Dòng hai</p><p>Đoạn hai");
  });

  test.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ['<img src=x onerror="alert(1)">', "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"],
    ["**<b>đậm</b>**", "<strong>&lt;b&gt;đậm&lt;/b&gt;</strong>"],
    ["`<iframe src=javascript:alert(1)>`", "<code>&lt;iframe src=javascript:alert(1)&gt;</code>"],
    ["&lt;script&gt; đã mã hóa", "&amp;lt;script&amp;gt; đã mã hóa"],
    ['" onmouseover="alert(1)', "&quot; onmouseover=&quot;alert(1)"],
  ])("escapes %j", (input, output) => {
    expect(renderInlineMarkdown(input)).toBe(output);
  });

  test("no tag survives but strong, em, code, br and paragraph breaks", () => {
    const hostile = "<svg onload=alert(1)> **x** <a href='javascript:alert(1)'>y</a> *z* <style>*{}</style>";
    const tags = [...renderInlineMarkdown(hostile).matchAll(/<\/?([a-z]+)/g)].map((m) => m[1]);
    expect(new Set(tags)).toEqual(new Set(["strong", "em"]));
  });

  test("text is NFC-normalised and trimmed", () => {
    expect(renderInlineMarkdown("  Dân vận  ".normalize("NFD"))).toBe("Dân vận");
  });
});

test("escapeHtml escapes what matters in text and double-quoted attributes", () => {
  expect(escapeHtml(`<a href="x">&</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
});
