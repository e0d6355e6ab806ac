import { Form, useFetcher } from "@remix-run/react";
import { type ReactNode, useEffect, useRef, useState } from "react";

import { ErrorSummary, valueOf } from "~/components/form-fields";
import LessonSourceEditor, { type SourceEditorHandle } from "~/components/lesson-source-editor.client";
import { type Snippet, SNIPPETS } from "~/components/mdx-snippets";

export type EditorFields = {
  title: string;
  description: string;
  objectives: string;
  estimatedMinutes: string;
  tags: string;
  status: string;
};
export type EditorProblem = { line: number | null; column: number | null; message: string; inMeta: boolean };
type PreviewData = { ok: true; intent: "preview"; html: string | null; problems: EditorProblem[] };

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** The page's CSP nonce, read back from Remix's script tags, for the editor's style element. */
function clientNonce() {
  return (document.querySelector("script[nonce]") as HTMLScriptElement | null)?.nonce || undefined;
}

function where(p: EditorProblem) {
  if (p.line === null) return "Thông tin bài học";
  return `Dòng ${p.line}${p.column ? `, cột ${p.column}` : ""}`;
}

export function ProblemList(props: { problems: EditorProblem[]; onGoTo?: (line: number) => void }) {
  if (!props.problems.length) return null;
  return (
    <div className="alert alert-error" role="alert" id="editor-problems">
      <p>
        <strong>Bài học chưa hợp lệ</strong> ({props.problems.length} lỗi). Người học sẽ không thấy bản này cho tới khi
        sửa xong:
      </p>
      <ul>
        {props.problems.map((p, i) => (
          <li key={i}>
            {props.onGoTo && p.line !== null ? (
              <button type="button" className="button-link" onClick={() => props.onGoTo!(p.line!)}>
                {where(p)}
              </button>
            ) : (
              <strong>{where(p)}</strong>
            )}
            : {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function SnippetForm(props: { snippet: Snippet; onInsert(text: string): void; onClose(): void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const missing = props.snippet.fields.filter((f) => f.required && !values[f.name]?.trim());
  return (
    <fieldset className="snippet-form">
      <legend>Chèn {props.snippet.label.toLowerCase()}</legend>
      {props.snippet.fields.map((f) => {
        const id = `snippet-${props.snippet.name}-${f.name}`;
        return (
          <div className="field" key={f.name}>
            <label htmlFor={id}>
              {f.label}
              {f.required ? <span aria-hidden="true"> *</span> : null}
            </label>
            {f.options ? (
              <select
                id={id}
                value={values[f.name] ?? f.options[0]}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              >
                {f.options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : f.name === "text" ? (
              <textarea
                id={id}
                rows={3}
                value={values[f.name] ?? ""}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              />
            ) : (
              <input
                id={id}
                type="text"
                value={values[f.name] ?? ""}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
              />
            )}
            {f.hint ? <p className="hint">{f.hint}</p> : null}
          </div>
        );
      })}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={missing.length > 0}
          onClick={() => props.onInsert(props.snippet.build(values))}
        >
          Chèn vào bài
        </button>
        <button type="button" className="button button-secondary" onClick={props.onClose}>
          Đóng
        </button>
      </div>
    </fieldset>
  );
}

/**
 * The lesson editor: frontmatter as a form, the body as a textarea (no JavaScript) or a code
 * editor with a component toolbar and a debounced live preview (JavaScript). Both post the same
 * fields — `source`, `intent`, `baseVersion` — to the page's action.
 */
export function LessonEditor(props: {
  fields: EditorFields;
  body: string;
  baseVersion: number;
  values?: Record<string, string | string[]>;
  errors?: Record<string, string>;
  problems: EditorProblem[] | null;
  previewHtml: string | null;
  extraFields?: ReactNode;
  publishLabel?: string | null;
}) {
  const hydrated = useHydrated();
  const v = (name: keyof EditorFields) => valueOf(props.values, name, props.fields[name]);
  const [doc, setDoc] = useState(valueOf(props.values, "source", props.body));
  const editor = useRef<SourceEditorHandle>(null);
  const form = useRef<HTMLFormElement>(null);
  const [snippet, setSnippet] = useState<Snippet | null>(null);
  const preview = useFetcher<PreviewData>();
  const [formTick, setFormTick] = useState(0);

  // Live preview: 500 ms after the last change, the server renders the document as learners get it.
  useEffect(() => {
    if (!hydrated || !form.current) return;
    const timer = setTimeout(() => {
      const data = new FormData(form.current!);
      data.set("source", doc);
      data.set("intent", "preview");
      preview.submit(data, { method: "post" });
    }, 500);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- preview.submit is stable enough; re-run on edits only
  }, [doc, formTick, hydrated]);

  const live = hydrated && preview.data?.intent === "preview" ? preview.data : null;
  const problems = live ? live.problems : props.problems;
  const html = live ? live.html : props.previewHtml;
  const errorLines = (problems ?? []).flatMap((p) => (p.line === null ? [] : [p.line]));
  const fieldError = (name: string) => props.errors?.[name];

  return (
    <>
      <ErrorSummary errors={props.errors} />
      <Form method="post" ref={form} onChange={() => setFormTick((t) => t + 1)} className="lesson-editor">
        <input type="hidden" name="baseVersion" value={props.baseVersion} />
        {props.extraFields}
        <fieldset>
          <legend>Thông tin bài học</legend>
          <div className="field">
            <label htmlFor="field-title">Tên bài học *</label>
            <input id="field-title" name="title" type="text" defaultValue={v("title")} required />
          </div>
          <div className="field">
            <label htmlFor="field-description">Mô tả ngắn *</label>
            <input id="field-description" name="description" type="text" defaultValue={v("description")} required />
          </div>
          <div className="field">
            <label htmlFor="field-objectives">Mục tiêu (mỗi dòng một mục tiêu) *</label>
            <textarea id="field-objectives" name="objectives" rows={3} defaultValue={v("objectives")} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="field-estimatedMinutes">Thời lượng (phút) *</label>
              <input
                id="field-estimatedMinutes"
                name="estimatedMinutes"
                type="number"
                min={1}
                defaultValue={v("estimatedMinutes")}
              />
            </div>
            <div className="field">
              <label htmlFor="field-tags">Thẻ (cách nhau bằng dấu phẩy)</label>
              <input id="field-tags" name="tags" type="text" defaultValue={v("tags")} />
            </div>
            <div className="field">
              <label htmlFor="field-status">Trạng thái khi xuất bản</label>
              <select id="field-status" name="status" defaultValue={v("status")}>
                <option value="published">Công khai cho người học</option>
                <option value="draft">Bản nháp (chỉ giảng viên xem)</option>
              </select>
            </div>
          </div>
        </fieldset>

        <h2 id="body-label">Nội dung bài học</h2>
        {hydrated ? (
          <>
            <div className="editor-toolbar" role="toolbar" aria-label="Chèn thành phần">
              {SNIPPETS.map((s) => (
                <button
                  key={s.name}
                  type="button"
                  className="button button-secondary button-small"
                  aria-pressed={snippet?.name === s.name}
                  onClick={() => setSnippet(snippet?.name === s.name ? null : s)}
                >
                  {s.label}
                </button>
              ))}
            </div>
            {snippet ? (
              <SnippetForm
                key={snippet.name}
                snippet={snippet}
                onInsert={(text) => {
                  editor.current?.insert(text);
                  setSnippet(null);
                }}
                onClose={() => setSnippet(null)}
              />
            ) : null}
            {/* Not defaultValue: for type=hidden React re-applies it, and that IS the posted value. */}
            <input type="hidden" name="source" value={doc} />
            <LessonSourceEditor
              ref={editor}
              initial={doc}
              labelledBy="body-label"
              nonce={clientNonce()}
              errorLines={errorLines}
              onChange={setDoc}
            />
            <p className="hint" aria-live="polite">
              {preview.state !== "idle" ? "Đang cập nhật bản xem trước…" : "Bản xem trước tự cập nhật khi bạn gõ."}
            </p>
          </>
        ) : (
          <>
            <textarea
              name="source"
              id="field-source"
              aria-labelledby="body-label"
              aria-describedby="source-help"
              rows={24}
              className="source-textarea"
              defaultValue={doc}
            />
            <details id="source-help">
              <summary>Cách viết: định dạng và các thành phần được phép</summary>
              <p>
                Viết như văn bản thường; <code>## Tiêu đề mục</code>, <code>**đậm**</code>, <code>- ý</code> cho danh
                sách. Các thành phần được phép (chép mẫu và sửa chữ trong ngoặc kép):
              </p>
              <ul>
                {SNIPPETS.map((s) => (
                  <li key={s.name}>
                    {s.label}:{" "}
                    <code>{s.build(Object.fromEntries(s.fields.map((f) => [f.name, f.options?.[0] ?? f.label])))}</code>
                  </li>
                ))}
              </ul>
            </details>
          </>
        )}
        <div className="field">
          <label htmlFor="field-note">Ghi chú cho phiên bản này (không bắt buộc)</label>
          <input id="field-note" name="note" type="text" defaultValue={valueOf(props.values, "note")} />
          {fieldError("note") ? <p className="field-error">{fieldError("note")}</p> : null}
        </div>
        <div className="actions">
          <button type="submit" name="intent" value="preview" className="button button-secondary">
            Xem trước
          </button>
          <button type="submit" name="intent" value="save" className="button button-secondary">
            Lưu bản nháp
          </button>
          {props.publishLabel !== null ? (
            <button type="submit" name="intent" value="publish" className="button">
              {props.publishLabel ?? "Xuất bản"}
            </button>
          ) : null}
        </div>
      </Form>
      {problems ? (
        <ProblemList problems={problems} onGoTo={hydrated ? (l) => editor.current?.goToLine(l) : undefined} />
      ) : null}
      {html !== null && html !== undefined ? (
        <section className="card preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Xem trước (như người học sẽ thấy)</h2>
          <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
        </section>
      ) : null}
    </>
  );
}
