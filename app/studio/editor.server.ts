import { z } from "zod";

import type { Problem } from "~/content/frontmatter.server";
import { renderLessonSource } from "~/studio/lessons.server";
import { composeDocument, metaFieldsFromForm, splitDocument } from "~/studio/source.server";
import { type FormFailure, formFailure, parseForm } from "~/utils/forms";

/**
 * What the lesson editor's form posts, as a contract: `source` (the MDX body, or the whole
 * document with its frontmatter), `intent` and `baseVersion` (the version the editor started
 * from). The frontmatter fields of the form (title, description, …) are optional: when present
 * they become the document's frontmatter.
 */
export const EditorForm = z.object({
  source: z.string({ error: "Thiếu nội dung bài học." }),
  intent: z.enum(["preview", "save", "publish"], { error: "Thao tác không hợp lệ." }),
  baseVersion: z.coerce.number({ error: "Thiếu phiên bản gốc." }).int().min(0),
  note: z
    .string()
    .max(300, "Ghi chú dài quá 300 ký tự.")
    .optional()
    .transform((s) => (s ?? "").trim()),
});

/** A problem as the editor shows it: the line in the body textarea, or a frontmatter field. */
export type ProblemView = { line: number | null; column: number | null; message: string; inMeta: boolean };

export function problemViews(options: { problems: Problem[]; document: string; bodyOnly: boolean }): ProblemView[] {
  const { bodyStartLine } = splitDocument(options.document);
  const offset = options.bodyOnly ? bodyStartLine - 1 : 0;
  return options.problems.map((p) => {
    const inMeta = p.line < bodyStartLine && /^---/.test(options.document);
    return {
      line: inMeta && options.bodyOnly ? null : p.line - offset,
      column: inMeta && options.bodyOnly ? null : (p.column ?? null),
      message: p.message,
      inMeta,
    };
  });
}

export type EditorPost =
  | {
      ok: true;
      intent: "preview" | "save" | "publish";
      document: string;
      note: string;
      baseVersion: number;
      bodyOnly: boolean;
    }
  | FormFailure;

/** Reads the editor's form into a whole document. */
export function readEditorPost(options: { formData: FormData; baseSource: string }): EditorPost {
  const parsed = parseForm(options.formData, EditorForm);
  if (!parsed.ok) return parsed;
  const fields = metaFieldsFromForm(options.formData);
  const document = composeDocument({ source: parsed.data.source, fields, baseSource: options.baseSource });
  return {
    ok: true,
    intent: parsed.data.intent,
    document,
    note: parsed.data.note,
    baseVersion: parsed.data.baseVersion,
    bodyOnly: !!fields,
  };
}

/** The preview intent: the document rendered as learners get it, or the allow-list's problems. */
export async function previewPost(options: {
  formData: FormData;
  post: Extract<EditorPost, { ok: true }>;
  lesson: { courseId: string; sourcePath: string };
}) {
  const rendered = await renderLessonSource({ source: options.post.document, lesson: options.lesson });
  return {
    ok: true as const,
    intent: "preview" as const,
    html: rendered.ok ? rendered.html : null,
    problems: problemViews({
      problems: rendered.problems,
      document: options.post.document,
      bodyOnly: options.post.bodyOnly,
    }),
    values: formFailure(options.formData, {}).values,
  };
}
