import type { Root, RootContent } from "mdast";
import type { MdxJsxAttribute, MdxJsxExpressionAttribute } from "mdast-util-mdx-jsx";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";

import type { Problem } from "~/content/frontmatter.server";
import { MEDIA_URL } from "~/content/media";

/**
 * The MDX allow-list: trainer-written MDX may contain Markdown and the components below with
 * literal string attributes, nothing else (no import/export, no { } expressions, no HTML tags).
 * content:check and the compiler both run these rules, so what is checked is what is built.
 */

type ComponentRule = {
  required?: string[];
  optional?: string[];
  /** Attributes written without a value (<Choice correct>). */
  flags?: string[];
  values?: Record<string, string[]>;
  pattern?: Record<string, RegExp>;
  /** Only allowed inside this component. */
  parent?: string;
};

export const COMPONENT_RULES: Record<string, ComponentRule> = {
  Quote: { required: ["work", "year", "source"], optional: ["author"], pattern: { year: /^\d{4}$/ } },
  Callout: { required: ["kind"], values: { kind: ["note", "warning", "tip"] } },
  CaseStudy: { required: ["title"] },
  // `shared`: learners' answers are readable by trainers (README "Reflections shared with the trainer").
  Reflection: { required: ["id"], flags: ["shared"], pattern: { id: /^[a-z0-9-]+$/ } },
  KeyPoints: {},
  DocumentRef: {
    required: ["date", "issuer", "title"],
    optional: ["number"],
    pattern: { date: /^\d{1,2}\/\d{1,2}\/\d{4}$/ },
  },
  Term: { required: ["id"], pattern: { id: /^[a-z0-9-]+$/ } },
  Check: { required: ["question", "explanation"] },
  Choice: { flags: ["correct"], parent: "Check" },
  // Studio uploads only (app/content/media.ts): a player for the library's files, captions required.
  Video: { required: ["src", "captions", "title"], pattern: { src: MEDIA_URL.video, captions: MEDIA_URL.captions } },
  Audio: { required: ["src", "captions", "title"], pattern: { src: MEDIA_URL.audio, captions: MEDIA_URL.captions } },
};

const SAFE_URL = /^(https?:\/\/|mailto:|\/(?!\/)|\.{0,2}\/|#)/i;
/** A value that a browser would run or load as a document if it ever became a URL. */
// eslint-disable-next-line no-control-regex -- browsers skip leading control characters in a URL
const SCRIPT_URL = /^[\s\0-\x1f]*(javascript|data|vbscript|file):/i;

/** Deeper nesting than any lesson needs; beyond it the parser's recursion gets slow, then overflows. */
const MAX_NESTING = 20;

/**
 * Cheap limits checked before parsing, so a hostile document (thousands of nested quotes, lists or
 * components) is refused in microseconds instead of tying up the parser for seconds.
 */
export function structureProblems(source: string, file: string): Problem[] {
  const problems: Problem[] = [];
  const lines = source.split("\n");
  let depth = 0;
  for (const [i, text] of lines.entries()) {
    const lead = /^[ \t>]*/.exec(text)![0];
    const quotes = lead.split(">").length - 1;
    const indent = lead.replace(/\t/g, "    ").replace(/>/g, "").length;
    if (quotes > MAX_NESTING || indent > MAX_NESTING * 4) {
      problems.push({
        file,
        line: i + 1,
        message: "nội dung lồng nhau quá sâu (trích dẫn hoặc danh sách quá nhiều cấp)",
      });
      break;
    }
    for (const tag of text.matchAll(/<(\/?)([A-Za-z][\w.]*)[^<>]*?(\/?)>/g)) {
      if (tag[3]) continue;
      depth += tag[1] ? -1 : 1;
      if (depth > MAX_NESTING) {
        problems.push({ file, line: i + 1, message: "các thành phần lồng nhau quá sâu" });
        return problems;
      }
    }
  }
  return problems;
}

export type MdxFacts = {
  links: { url: string; line: number }[];
  images: { url: string; line: number }[];
  termIds: { id: string; line: number }[];
  reflectionIds: string[];
  /** /media/ URLs named by <Video> and <Audio> (src and captions). */
  media: { url: string; line: number }[];
};

const parser = unified().use(remarkParse).use(remarkFrontmatter).use(remarkMdx).use(remarkGfm);

/** Parses MDX source; a syntax error becomes a problem with its line. */
export function parseMdx(source: string, file: string): { tree?: Root; problems: Problem[] } {
  const limits = structureProblems(source, file);
  if (limits.length) return { problems: limits };
  try {
    return { tree: parser.runSync(parser.parse(source)) as Root, problems: [] };
  } catch (error) {
    const e = error as {
      line?: number;
      column?: number;
      place?: { line?: number; column?: number; start?: { line?: number; column?: number } };
      reason?: string;
      message?: string;
    };
    const line = e.line ?? e.place?.line ?? e.place?.start?.line ?? 1;
    const column = e.column ?? e.place?.column ?? e.place?.start?.column;
    return {
      problems: [{ file, line, column, message: `lỗi cú pháp MDX: ${e.reason ?? e.message ?? String(error)}` }],
    };
  }
}

function attributeProblems(options: {
  node: { name: string | null; attributes: (MdxJsxAttribute | MdxJsxExpressionAttribute)[] };
  rule: ComponentRule;
  report: (message: string) => void;
}) {
  const { node, rule, report } = options;
  const seen = new Set<string>();
  for (const attr of node.attributes) {
    if (attr.type === "mdxJsxExpressionAttribute") {
      report(`<${node.name}> không được dùng biểu thức { } trong thuộc tính`);
      continue;
    }
    seen.add(attr.name);
    const known = [...(rule.required ?? []), ...(rule.optional ?? [])];
    if (rule.flags?.includes(attr.name)) {
      if (attr.value !== null && attr.value !== undefined)
        report(`<${node.name}> thuộc tính ${attr.name} được viết không kèm giá trị`);
      continue;
    }
    if (!known.includes(attr.name)) {
      report(
        `<${node.name}> không có thuộc tính “${attr.name}”${known.length ? ` (được dùng: ${known.join(", ")})` : ""}`,
      );
      continue;
    }
    if (typeof attr.value !== "string") {
      report(`<${node.name}> thuộc tính ${attr.name} phải là chuỗi trong dấu ngoặc kép, không dùng { }`);
      continue;
    }
    if (!attr.value.trim()) report(`<${node.name}> thuộc tính ${attr.name} không được để trống`);
    if (SCRIPT_URL.test(attr.value))
      report(`<${node.name}> thuộc tính ${attr.name} không được là địa chỉ javascript:, data:, vbscript: hay file:`);
    const allowed = rule.values?.[attr.name];
    if (allowed && !allowed.includes(attr.value))
      report(`<${node.name}> ${attr.name}="${attr.value}" không hợp lệ (chọn một trong: ${allowed.join(", ")})`);
    const pattern = rule.pattern?.[attr.name];
    if (pattern && !pattern.test(attr.value)) report(`<${node.name}> ${attr.name}="${attr.value}" sai định dạng`);
  }
  for (const name of rule.required ?? []) if (!seen.has(name)) report(`<${node.name}> thiếu thuộc tính ${name}`);
}

/** Walks the tree and reports every node the allow-list refuses, with its line. */
export function checkMdxTree(tree: Root, file: string): { problems: Problem[]; facts: MdxFacts } {
  const problems: Problem[] = [];
  const facts: MdxFacts = { links: [], images: [], termIds: [], reflectionIds: [], media: [] };
  let lastHeadingDepth = 1;

  const visit = (node: RootContent | Root, parentComponent: string | null) => {
    const line = node.position?.start.line ?? 1;
    const column = node.position?.start.column;
    const report = (message: string) => problems.push({ file, line, column, message });
    switch (node.type) {
      case "mdxjsEsm":
        report("không được dùng import/export trong bài học");
        return;
      case "mdxFlowExpression":
      case "mdxTextExpression":
        report("không được dùng biểu thức { } trong bài học (nếu cần dấu ngoặc nhọn, hãy diễn đạt khác)");
        return;
      case "heading":
        if (node.depth === 1)
          report("không dùng tiêu đề cấp 1 (#): tiêu đề bài học lấy từ frontmatter; hãy bắt đầu bằng ##");
        else if (node.depth > lastHeadingDepth + 1)
          report(`tiêu đề nhảy cấp (từ ${"#".repeat(lastHeadingDepth)} xuống ${"#".repeat(node.depth)})`);
        lastHeadingDepth = node.depth;
        break;
      case "link":
        if (!SAFE_URL.test(node.url)) report(`liên kết không an toàn hoặc không hợp lệ: ${node.url}`);
        facts.links.push({ url: node.url, line });
        break;
      case "definition":
        // Reference-style links ([chữ][1] … [1]: địa-chỉ) take their URL from here.
        if (!SAFE_URL.test(node.url)) report(`liên kết không an toàn hoặc không hợp lệ: ${node.url}`);
        facts.links.push({ url: node.url, line });
        break;
      case "image":
        if (!node.alt?.trim()) report(`hình ảnh thiếu mô tả (alt): ${node.url}`);
        if (!SAFE_URL.test(node.url)) report(`đường dẫn hình ảnh không hợp lệ: ${node.url}`);
        facts.images.push({ url: node.url, line });
        break;
      case "html":
        report("không được dùng thẻ HTML trong bài học");
        return;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement": {
        const name = node.name;
        if (!name) {
          report("không được dùng fragment <>…</>");
          return;
        }
        const rule = COMPONENT_RULES[name];
        if (!rule) {
          report(`thành phần không được phép: <${name}> (được dùng: ${Object.keys(COMPONENT_RULES).join(", ")})`);
          return;
        }
        if (rule.parent && parentComponent !== rule.parent) report(`<${name}> chỉ được đặt trong <${rule.parent}>`);
        attributeProblems({ node, rule, report });
        const attr = (n: string) =>
          node.attributes.find((a): a is MdxJsxAttribute => a.type === "mdxJsxAttribute" && a.name === n)?.value;
        if (name === "Term" && typeof attr("id") === "string") facts.termIds.push({ id: attr("id") as string, line });
        if (name === "Video" || name === "Audio")
          for (const key of ["src", "captions"]) {
            const value = attr(key);
            if (typeof value === "string") facts.media.push({ url: value, line });
          }
        if (name === "Reflection" && typeof attr("id") === "string") {
          const id = attr("id") as string;
          if (facts.reflectionIds.includes(id)) report(`<Reflection id="${id}"> bị trùng trong bài`);
          facts.reflectionIds.push(id);
        }
        if (name === "Check") {
          // Choices on consecutive lines are parsed as one paragraph of inline elements.
          const items = node.children.flatMap((c) => (c.type === "paragraph" ? c.children : [c]));
          const isChoice = (c: (typeof items)[number]) =>
            (c.type === "mdxJsxFlowElement" || c.type === "mdxJsxTextElement") && c.name === "Choice";
          const choices = items.filter(isChoice);
          const other = items.filter((c) => !isChoice(c) && !(c.type === "text" && !c.value.trim()));
          if (choices.length < 2) report("<Check> cần ít nhất hai <Choice>");
          if (other.length) report("<Check> chỉ chứa các <Choice>");
          const correct = choices.filter(
            (c) => "attributes" in c && c.attributes.some((a) => a.type === "mdxJsxAttribute" && a.name === "correct"),
          );
          if (correct.length !== 1) report("<Check> cần đúng một <Choice correct>");
        }
        for (const child of node.children) visit(child as RootContent, name);
        return;
      }
    }
    if ("children" in node) for (const child of node.children) visit(child as RootContent, parentComponent);
  };
  visit(tree, null);
  return { problems, facts };
}

/** Lines whose text is not in Unicode NFC (composed) form. */
export function nfcProblems(source: string, file: string): Problem[] {
  const problems: Problem[] = [];
  source.split("\n").forEach((text, i) => {
    if (text.normalize("NFC") !== text)
      problems.push({
        file,
        line: i + 1,
        message: "văn bản chưa ở dạng Unicode NFC (dấu tiếng Việt tổ hợp): hãy chuẩn hóa về dạng dựng sẵn",
      });
  });
  return problems;
}
