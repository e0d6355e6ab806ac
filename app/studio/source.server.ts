import { isMap, parseDocument } from "yaml";

/**
 * A lesson document is a frontmatter block and an MDX body. The studio edits the frontmatter as a
 * form and the body as text; these helpers split a stored document for the form and put the
 * document back together, keeping the original YAML text when the fields did not change (so a
 * content:export of an untouched frontmatter is byte-identical to the file it came from).
 */

export const FRONTMATTER_FIELDS = ["title", "description", "objectives", "estimatedMinutes", "tags", "status"] as const;
export type MetaFields = {
  title: string;
  description: string;
  objectives: string[];
  estimatedMinutes: number | string;
  tags: string[];
  status: string;
};

/** Browsers submit textarea text with CRLF; documents are stored with LF only. */
export function normaliseNewlines(text: string) {
  return text.replace(/\r\n?/g, "\n");
}

export function splitDocument(source: string) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { yaml: "", body: source, bodyStartLine: 1 };
  // The body shown in the editor starts after the blank line that follows the frontmatter.
  const body = source.slice(match[0].length).replace(/^\r?\n/, "");
  const bodyStartLine = source.slice(0, source.length - body.length).split("\n").length;
  return { yaml: match[1]!, body, bodyStartLine };
}

function yamlObject(yaml: string): Record<string, unknown> {
  try {
    const value: unknown = parseDocument(yaml).toJS();
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The form's values for a stored document (what the fields show when the editor opens). */
export function metaFieldsOf(source: string): MetaFields {
  const meta = yamlObject(splitDocument(source).yaml);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    title: typeof meta.title === "string" ? meta.title : "",
    description: typeof meta.description === "string" ? meta.description : "",
    objectives: list(meta.objectives),
    estimatedMinutes: typeof meta.estimatedMinutes === "number" ? meta.estimatedMinutes : 10,
    tags: list(meta.tags),
    status: meta.status === "published" ? "published" : "draft",
  };
}

/** Reads the frontmatter fields of the editor form; absent when the form did not post them. */
export function metaFieldsFromForm(formData: FormData): MetaFields | null {
  if (!formData.has("title")) return null;
  const text = (name: string) => normaliseNewlines(String(formData.get(name) ?? "")).normalize("NFC");
  const minutes = text("estimatedMinutes").trim();
  return {
    title: text("title").trim(),
    description: text("description").trim(),
    objectives: text("objectives")
      .split("\n")
      .map((s) => s.trim())
      .filter(Boolean),
    estimatedMinutes: /^\d+$/.test(minutes) ? Number(minutes) : minutes,
    tags: text("tags")
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    status: text("status"),
  };
}

/**
 * The whole document from what was posted: `source` alone when it carries its own frontmatter
 * (scripts and tests post whole documents), otherwise the form's fields over the base version's
 * frontmatter (keys the form does not show, such as `id`, are kept) and `source` as the body.
 */
export function composeDocument(options: { source: string; fields: MetaFields | null; baseSource: string }) {
  const posted = normaliseNewlines(options.source).normalize("NFC");
  const postedParts = posted.startsWith("---") ? splitDocument(posted) : null;
  if (!options.fields) return posted;
  const body = postedParts ? postedParts.body : posted;
  const baseYaml = postedParts?.yaml ?? splitDocument(options.baseSource).yaml;
  const before = yamlObject(baseYaml);
  const unchanged = FRONTMATTER_FIELDS.every(
    (key) => JSON.stringify(before[key] ?? null) === JSON.stringify(options.fields![key]),
  );
  let yaml = baseYaml;
  if (!unchanged || !baseYaml) {
    const doc = parseDocument(baseYaml || "{}");
    if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
    // Only the fields that changed are rewritten: the others keep their YAML text and style.
    for (const key of FRONTMATTER_FIELDS)
      if (JSON.stringify(before[key] ?? null) !== JSON.stringify(options.fields[key]))
        doc.set(key, options.fields[key]);
    yaml = doc.toString({ lineWidth: 0 }).trimEnd();
  }
  return `---\n${yaml}\n---\n\n${body}`;
}
