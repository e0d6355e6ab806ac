import { isMap, LineCounter, type Node as YamlNode, parseDocument } from "yaml";
import { z } from "zod";

/** Frontmatter schemas of content files, with Vietnamese messages that name the field. */

const nonEmpty = (field: string, max = 300) =>
  z
    .string({ error: `thiếu “${field}” (chuỗi)` })
    .trim()
    .min(1, `“${field}” không được để trống`)
    .max(max, `“${field}” dài quá ${max} ký tự`);
const status = z.enum(["draft", "published"], { error: "“status” phải là draft hoặc published" });
const objectives = z
  .array(nonEmpty("objectives[]", 300), { error: "“objectives” phải là danh sách" })
  .min(1, "cần ít nhất một mục tiêu trong “objectives”");
const tags = z
  .array(z.string().regex(/^[a-z0-9-]+$/, "mỗi thẻ trong “tags” là chữ thường không dấu, nối bằng gạch ngang"), {
    error: "“tags” phải là danh sách",
  })
  .default([]);
/** A strict object whose unknown keys are reported by name: a typo in frontmatter never passes silently. */
const strictFrontmatter = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `trường không hợp lệ: ${issue.keys.join(", ")}` : undefined,
  });
const minutes = z
  .number({ error: "“estimatedMinutes” phải là số phút (số nguyên)" })
  .int("“estimatedMinutes” phải là số nguyên")
  .min(1)
  .max(6000);

/** Fields every lesson and course has. */
const teachingFields = {
  title: nonEmpty("title", 200),
  description: nonEmpty("description", 300),
  objectives,
  estimatedMinutes: minutes,
  tags,
  status,
};

export const LessonFrontmatter = strictFrontmatter({
  /** Stable id; defaults to "<course>/<lesson slug>". Set it before renaming a file to keep progress. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9/-]*$/, "“id” chỉ gồm chữ thường không dấu, số, - và /")
    .optional(),
  ...teachingFields,
});

export const ModuleFrontmatter = strictFrontmatter({
  title: nonEmpty("title", 200),
  description: nonEmpty("description", 300),
  status,
});

export const CompletionRule = z
  .strictObject({
    lessons: z.enum(["all", "none"]).default("all"),
    moduleQuizzes: z.enum(["pass", "none"]).default("pass"),
    finalExam: z.enum(["pass", "none"]).default("pass"),
    // When the final exam opens: once the rule's other conditions are met (default), or at any time.
    examOpens: z.enum(["after_requirements", "always"]).default("after_requirements"),
  })
  .default({ lessons: "all", moduleQuizzes: "pass", finalExam: "pass", examOpens: "after_requirements" });
export type CompletionRule = z.infer<typeof CompletionRule>;

export const CourseFrontmatter = strictFrontmatter({
  ...teachingFields,
  audience: nonEmpty("audience", 200),
  hours: z.number({ error: "“hours” phải là số giờ được công nhận" }).int().min(1).max(500),
  version: z.number({ error: "“version” phải là số nguyên" }).int().min(1),
  completion: CompletionRule,
});

export type LessonMeta = z.infer<typeof LessonFrontmatter>;
export type ModuleMeta = z.infer<typeof ModuleFrontmatter>;
export type CourseMeta = z.infer<typeof CourseFrontmatter>;

/**
 * A rule a document breaks, at a line (and, where the parser knows it, a column) of the file.
 * `rule` marks a quality rule that does not stop a file from being built (bank balance).
 */
export type Problem = { file: string; line: number; column?: number; message: string; rule?: "bank-balance" };

/** The frontmatter block of an MDX file: its YAML text, the line the body starts on. */
export function splitFrontmatter(source: string) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return null;
  return { yaml: match[1]!, bodyStartLine: match[0].split("\n").length };
}

/**
 * Parses and validates a file's frontmatter. Each problem carries the line of the offending
 * key in the file (the YAML starts on line 2, after the opening ---).
 */
export function parseFrontmatter<S extends z.ZodType>(options: {
  source: string;
  file: string;
  schema: S;
}): { data?: z.infer<S>; problems: Problem[] } {
  const { source, file, schema } = options;
  const block = splitFrontmatter(source);
  if (!block) return { problems: [{ file, line: 1, message: "thiếu phần frontmatter (--- … ---) ở đầu tệp" }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(block.yaml, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + 1; // +1 for the opening ---
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => ({
        file,
        line: lineOf(e.pos[0]),
        message: `YAML không hợp lệ: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (result.success) return { data: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => {
      let node: YamlNode | null = null;
      let line = 1;
      // Walk down the path to the deepest node that exists, to point at the right line.
      for (let depth = issue.path.length; depth > 0 && !node; depth--) {
        const found = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true) as YamlNode | undefined;
        if (found && typeof found === "object" && "range" in found && found.range) node = found;
        else if (depth === issue.path.length && isMap(doc.contents)) {
          const pair = doc.contents.items.find(
            (p) => String((p.key as { value?: unknown })?.value) === String(issue.path[0]),
          );
          const key = pair?.key as YamlNode | undefined;
          if (key?.range) node = key;
        }
      }
      if (node?.range) line = lineOf(node.range[0]);
      return { file, line, message: issue.message };
    }),
  };
}
