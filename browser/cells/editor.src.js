// The cell editor: CodeMirror 6 with Python, bundled by sitebuild/runtime/cells_assets.py into editor.js.
// Colours come from Material's code palette variables, so light and dark schemes both read well.
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import {
  bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting,
} from "@codemirror/language";
import { EditorState, Prec } from "@codemirror/state";
import {
  drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const v = (name) => `var(--md-code-hl-${name}-color)`;
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: v("keyword") },
  { tag: [t.string, t.special(t.string)], color: v("string") },
  { tag: [t.number, t.bool, t.null], color: v("number") },
  { tag: t.comment, color: v("comment"), fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: v("function") },
  { tag: [t.definition(t.variableName), t.className], color: v("name") },
  { tag: [t.operator, t.operatorKeyword], color: v("operator") },
  { tag: [t.punctuation, t.bracket], color: v("punctuation") },
  { tag: t.self, color: v("constant") },
]);

const theme = EditorView.theme({
  "&": { color: "var(--md-code-fg-color)", backgroundColor: "var(--md-code-bg-color)" },
  ".cm-content": { caretColor: "var(--md-code-fg-color)" },
  ".cm-gutters": { backgroundColor: "var(--md-code-bg-color)", color: "var(--md-default-fg-color--light)", border: "none" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "var(--md-code-hl-color--light, transparent)" },
  "&.cm-focused": { outline: "2px solid var(--md-accent-fg-color)" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "var(--md-code-hl-color)" },
});

/** Mount an editor in `parent`; returns {getCode, setCode, focus}. */
export function createEditor(parent, doc, { readOnly = false, label, onRun, onEscape, onChange }) {
  const keys = Prec.highest(keymap.of([
    { key: "Shift-Enter", run: () => (onRun(), true) },
    { key: "Mod-Enter", run: () => (onRun(), true) },
    // Esc always leaves the editor: the keyboard is never trapped (Tab indents while inside).
    { key: "Escape", run: (view) => (view.contentDOM.blur(), onEscape(), true) },
  ]));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        keys, lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), history(),
        drawSelection(), indentOnInput(), bracketMatching(), python(),
        syntaxHighlighting(highlight), theme,
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorState.readOnly.of(readOnly),
        // tabindex: the editor scrolls sideways on long lines, and a scrolled region must hold a tab stop
        EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0" }),
        EditorView.updateListener.of((u) => u.docChanged && onChange(u.state.doc.toString())),
      ],
    }),
  });
  return {
    getCode: () => view.state.doc.toString(),
    setCode: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
