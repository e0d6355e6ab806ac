import { escapeHtml } from "~/utils/html";

/**
 * The Markdown that question prompts, options and explanations may use: **bold**, *italic* or
 * _italic_, `code`, and line breaks. Everything is escaped first, so no HTML gets through.
 */
export function renderInlineMarkdown(text: string) {
  return escapeHtml(text.normalize("NFC").trim())
    .replace(/`([^`]+)`/g, "<code>$1</code>")
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_([^_\s][^_]*?)_(?!\w)/g, "$1<em>$2</em>")
    .replace(/\n{2,}/g, "</p><p>")
    .replace(/\n/g, "<br>");
}
