import crypto from "node:crypto";
import path from "node:path";

import type { Element, Root as HastRoot } from "hast";
import type { Root } from "mdast";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import remarkGfm from "remark-gfm";
import { visit } from "unist-util-visit";

import type { Problem } from "~/content/frontmatter.server";
import { mdxComponents } from "~/content/mdx-components";
import { checkMdxTree } from "~/content/mdx-rules.server";
import { slugify } from "~/utils/vietnamese";

/** Bump when the compiled output changes for the same source, so every file is rebuilt once. */
export const PIPELINE_VERSION = "2";

export type Heading = { depth: 2 | 3; text: string; id: string };
export type CompiledDocument = { html: string; headings: Heading[]; text: string; wordCount: number };

export function sourceHash(source: string) {
  return crypto.createHash("sha256").update(PIPELINE_VERSION).update("\0").update(source).digest("hex");
}

function textOf(node: { type: string; value?: string; children?: unknown[] }): string {
  if (node.type === "text" || node.type === "inlineCode") return node.value ?? "";
  return (node.children ?? []).map((c) => textOf(c as never)).join("");
}

/** Gives Markdown h2/h3 ASCII ids ("dan-van-la-gi"); ids set by the pipeline (footnotes) stay. */
function rehypeHeadingIds() {
  return (tree: HastRoot) => {
    const used = new Map<string, number>();
    visit(tree, "element", (node: Element) => {
      if ((node.tagName !== "h2" && node.tagName !== "h3") || node.properties?.id) return;
      const base = slugify(textOf(node as never)) || "muc";
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      node.properties = { ...node.properties, id: n ? `${base}-${n + 1}` : base };
    });
  };
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#x27;": "'",
  "&#39;": "'",
};

/** The table of contents, read from the rendered HTML so component headings (Ghi nhớ) are included. */
export function headingsOf(html: string): Heading[] {
  return [...html.matchAll(/<h([23])\b[^>]*\sid="([^"]+)"[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => ({
    depth: m[1] === "2" ? 2 : 3,
    id: m[2]!,
    text: m[3]!
      .replace(/<[^>]+>/g, "")
      .replace(/&(amp|lt|gt|quot|#x27|#39);/g, (e) => ENTITIES[e] ?? e)
      .trim(),
  }));
}

/** The allow-list runs inside the compiler too: a file that slipped past content:check still cannot build. */
function remarkAllowList(file: string) {
  return () => (tree: Root) => {
    const { problems } = checkMdxTree(tree, file);
    if (problems.length) throw new ContentCompileError(problems);
  };
}

export class ContentCompileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n"));
  }
}

/** Plain text for search and word counts: the words a reader sees, component chrome excluded. */
function plainText(tree: Root) {
  const parts: string[] = [];
  visit(tree, (node) => {
    if (node.type === "text" || node.type === "inlineCode") parts.push((node as { value: string }).value);
    if ((node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") && "attributes" in node) {
      for (const a of node.attributes)
        if (a.type === "mdxJsxAttribute" && ["question", "title"].includes(a.name) && typeof a.value === "string")
          parts.push(a.value);
    }
  });
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/**
 * MDX source → static HTML, headings and plain text. Runs at build time only (content:build);
 * requests read the stored result and never compile or evaluate MDX.
 */
export async function compileMdx(options: {
  source: string;
  file: string;
  assetBase: string;
}): Promise<CompiledDocument> {
  let text = "";
  const file = options.file;
  // Loaded on first use: a build with nothing to compile does not pay for esbuild's start-up.
  const [{ bundleMDX }, { getMDXComponent }] = await Promise.all([
    import("mdx-bundler"),
    import("mdx-bundler/client/index.js"),
  ]);
  const result = await bundleMDX({
    source: options.source,
    cwd: path.resolve(path.dirname(file)),
    mdxOptions(mdx) {
      // Ours run first: mdx-bundler's own plugins add an `export const frontmatter`, which the allow-list refuses.
      mdx.remarkPlugins = [
        remarkGfm,
        remarkAllowList(file),
        () => (tree: Root) => {
          text = plainText(tree);
        },
        ...(mdx.remarkPlugins ?? []),
      ];
      mdx.rehypePlugins = [...(mdx.rehypePlugins ?? []), rehypeHeadingIds];
      mdx.remarkRehypeOptions = {
        footnoteLabel: "Chú thích",
        footnoteLabelTagName: "h2",
        footnoteLabelProperties: { className: ["footnotes-title"] },
        footnoteBackLabel: "Quay lại đoạn văn",
      };
      return mdx;
    },
  });
  const Component = getMDXComponent(result.code);
  const html = renderToStaticMarkup(
    createElement(Component, { components: mdxComponents({ assetBase: options.assetBase }) as never }),
  );
  return { html, headings: headingsOf(html), text, wordCount: text ? text.split(/\s+/).length : 0 };
}
