import { escapeHtml } from "~/utils/html";

type Definition = { term: string; definition: string };

/**
 * Turns each compiled `<Term>` link (`<a class="term" href="/glossary#id">`) into a button that opens
 * the definition in place (the HTML `popover` attribute: no JavaScript, no navigation away), with
 * the glossary link kept inside. Done where the lesson page is cached per content build, not when
 * the MDX is compiled: a definition edited in glossary.yml reaches every lesson at the next build,
 * while unchanged lessons are never recompiled. A browser without popovers shows the definition
 * inline; an id the glossary does not know (checked by content:check) stays a plain link.
 */
export function explainTermsInPlace(html: string, definitions: Map<string, Definition>) {
  let n = 0;
  return html.replace(/<a class="term" href="\/glossary#([a-z0-9-]+)">([\s\S]*?)<\/a>/g, (whole, id: string, text) => {
    const entry = definitions.get(id);
    if (!entry) return whole;
    n += 1;
    const popoverId = `thuat-ngu-${id}-${n}`;
    return (
      `<button type="button" class="term" popovertarget="${popoverId}">${text}</button>` +
      `<span class="term-popover" id="${popoverId}" popover="auto" role="note">` +
      `<strong>${escapeHtml(entry.term)}</strong>: ${escapeHtml(entry.definition)} ` +
      `<a href="/glossary#${id}">Bảng thuật ngữ</a></span>`
    );
  });
}

/** The glossary ids a compiled lesson uses. */
export const termIdsIn = (html: string) => [
  ...new Set([...html.matchAll(/<a class="term" href="\/glossary#([a-z0-9-]+)">/g)].map((m) => m[1]!)),
];
