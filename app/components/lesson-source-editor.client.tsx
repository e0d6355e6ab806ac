/**
 * The lesson body's code editor (CodeMirror 6, Markdown highlighting). `.client.tsx`: the classic
 * compiler leaves it out of the server build; the server renders a plain textarea instead.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { markdown, markdownKeymap, markdownLanguage } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState, StateEffect, StateField } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, keymap, lineNumbers } from "@codemirror/view";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";

export type SourceEditorHandle = { insert(text: string): void; goToLine(line: number): void };

const markLines = StateEffect.define<number[]>();
const errorLines = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    value = value.map(tr.changes);
    for (const effect of tr.effects)
      if (effect.is(markLines)) {
        const lines = [...new Set(effect.value)].filter((n) => n >= 1 && n <= tr.state.doc.lines).sort((a, b) => a - b);
        value = Decoration.set(
          lines.map((n) => Decoration.line({ class: "cm-error-line" }).range(tr.state.doc.line(n).from)),
        );
      }
    return value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

const LessonSourceEditor = forwardRef<
  SourceEditorHandle,
  { initial: string; labelledBy: string; nonce?: string; errorLines: number[]; onChange(doc: string): void }
>(function LessonSourceEditor(props, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.initial,
        extensions: [
          lineNumbers(),
          history(),
          keymap.of([...markdownKeymap, ...defaultKeymap, ...historyKeymap, indentWithTab]),
          markdown({ base: markdownLanguage }),
          syntaxHighlighting(defaultHighlightStyle),
          EditorView.lineWrapping,
          errorLines,
          EditorView.contentAttributes.of({ "aria-labelledby": props.labelledBy, "aria-multiline": "true" }),
          ...(props.nonce ? [EditorView.cspNonce.of(props.nonce)] : []),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChange.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // The editor owns the document after mount; `initial` is read once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    view.current?.dispatch({ effects: markLines.of(props.errorLines) });
  }, [props.errorLines]);
  useImperativeHandle(ref, () => ({
    insert(text) {
      const v = view.current;
      if (!v) return;
      const { from, to } = v.state.selection.main;
      v.dispatch({ changes: { from, to, insert: text }, selection: { anchor: from + text.length } });
      v.focus();
    },
    goToLine(line) {
      const v = view.current;
      if (!v) return;
      const target = v.state.doc.line(Math.min(Math.max(1, line), v.state.doc.lines));
      v.dispatch({
        selection: { anchor: target.from },
        effects: EditorView.scrollIntoView(target.from, { y: "center" }),
      });
      v.focus();
    },
  }));
  return <div ref={host} className="source-editor" />;
});

export default LessonSourceEditor;
