import { readHeadings } from "~/content/stored.server";
import { contentVersion } from "~/content/version.server";
import { canSeeDrafts } from "~/courses/catalog.server";
import { prisma } from "~/db.server";
import { foldVietnamese } from "~/utils/vietnamese";

/**
 * Search over courses and lessons: titles, headings and text, insensitive to diacritics in both
 * directions ("dan van kheo" finds "Dân vận khéo"; đ/Đ fold to d). The index is the folded text
 * of every document, held in memory and rebuilt when a content build finishes: a few hundred
 * lessons are a few megabytes and a scan takes milliseconds, with no extra moving parts.
 */

export const MAX_QUERY_LENGTH = 200;
const MAX_TOKENS = 8;

type Doc = {
  kind: "course" | "lesson";
  href: string;
  title: string;
  context: string;
  published: boolean;
  fields: { title: string; headings: { text: string; id: string }[]; body: string };
  folded: { title: string; headings: string[]; body: string };
};

let cached: { version: string; docs: Doc[] } | undefined;

async function loadIndex(): Promise<Doc[]> {
  const version = String(await contentVersion());
  if (cached?.version === version) return cached.docs;
  const [courses, lessons] = await Promise.all([
    prisma.course.findMany({
      where: { removedAt: null },
      select: { id: true, title: true, description: true, status: true },
    }),
    prisma.lesson.findMany({
      where: {
        removedAt: null,
        retiredAt: null,
        module: { removedAt: null, retiredAt: null },
        course: { removedAt: null },
      },
      select: {
        slug: true,
        title: true,
        headings: true,
        plainText: true,
        status: true,
        courseId: true,
        course: { select: { title: true, status: true } },
        module: { select: { status: true } },
      },
    }),
  ]);
  const docs: Doc[] = [
    ...courses.map((c) => ({
      kind: "course" as const,
      href: `/courses/${c.id}`,
      title: c.title,
      context: "Khóa học",
      published: c.status === "published",
      fields: { title: c.title, headings: [], body: c.description },
    })),
    ...lessons.map((l) => ({
      kind: "lesson" as const,
      href: `/courses/${l.courseId}/${l.slug}`,
      title: l.title,
      context: l.course.title,
      published: l.status === "published" && l.course.status === "published" && l.module.status === "published",
      fields: {
        title: l.title,
        headings: readHeadings(l.headings).filter((h) => h.id !== "chu-thich"),
        body: l.plainText,
      },
    })),
  ].map((d) => ({
    ...d,
    folded: {
      title: foldVietnamese(d.fields.title),
      headings: d.fields.headings.map((h) => foldVietnamese(h.text)),
      body: foldVietnamese(d.fields.body),
    },
  }));
  cached = { version, docs };
  return docs;
}

export type Segment = { text: string; hit: boolean };
export type SearchResult = {
  href: string;
  title: Segment[];
  context: string;
  kind: "course" | "lesson";
  snippet: Segment[];
  heading: string | null;
  draft: boolean;
  score: number;
};
export type SearchOutcome =
  | { status: "empty" }
  | { status: "too-long" }
  | { status: "no-words" }
  | { status: "ok"; query: string; results: SearchResult[] };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whole-word match, except that the last word typed may be a prefix ("dan van kh"). */
function tokenPatterns(tokens: string[]) {
  return tokens.map(
    (t, i) => new RegExp(`(?<![a-z0-9])${escapeRegExp(t)}${i === tokens.length - 1 ? "" : "(?![a-z0-9])"}`, "g"),
  );
}

/**
 * The words as typed (NFC, lower case), for the words typed with diacritics: highlighting keeps to
 * those spellings ("Dân vận khéo" marks "dân", "vận", "khéo", never "văn", "dẫn", "vạn" or "đần"),
 * while a word typed without diacritics still marks every spelling. Folding maps one character to
 * one, so a word's place in the folded query is its place in the typed one.
 */
function typedSpellings(query: string, folded: string) {
  const lower = query.normalize("NFC").toLowerCase();
  const spellings = new Map<string, Set<string>>();
  if (lower.length !== folded.length) return spellings;
  for (const m of folded.matchAll(/[a-z0-9]+/g)) {
    const typed = lower.slice(m.index, m.index + m[0].length);
    if (typed === m[0]) {
      // One bare spelling anywhere in the query means "any spelling" for that word.
      spellings.set(m[0], new Set());
      continue;
    }
    const known = spellings.get(m[0]);
    if (known?.size === 0) continue;
    spellings.set(m[0], (known ?? new Set()).add(typed));
  }
  return spellings;
}

type Highlighter = { pattern: RegExp; spellings: Set<string> | undefined };

function countMatches(text: string, pattern: RegExp) {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text) && n < 50) n++;
  return n;
}

/** Splits original text into plain and highlighted parts, using matches found in its folded twin. */
function highlight(original: string, folded: string, highlighters: Highlighter[]): Segment[] {
  const marks = new Array<boolean>(original.length).fill(false);
  for (const { pattern: p, spellings } of highlighters) {
    p.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.exec(folded))) {
      if (m[0].length === 0) p.lastIndex++;
      if (spellings?.size && !spellings.has(original.slice(m.index, m.index + m[0].length).toLowerCase())) continue;
      for (let i = m.index; i < m.index + m[0].length; i++) marks[i] = true;
    }
  }
  const segments: Segment[] = [];
  for (let i = 0; i < original.length; i++) {
    const last = segments.at(-1);
    if (last && last.hit === marks[i]) last.text += original[i];
    else segments.push({ text: original[i]!, hit: marks[i]! });
  }
  return segments;
}

function snippetOf(body: string, foldedBody: string, highlighters: Highlighter[], phrase: string) {
  const patterns = highlighters.map((h) => h.pattern);
  let at = phrase ? foldedBody.indexOf(phrase) : -1;
  if (at === -1) {
    for (const p of patterns) {
      p.lastIndex = 0;
      const m = p.exec(foldedBody);
      if (m && (at === -1 || m.index < at)) at = m.index;
    }
  }
  if (at === -1) at = 0;
  let start = Math.max(0, at - 70);
  let end = Math.min(body.length, at + 170);
  // Cut at spaces so no word is broken.
  while (start > 0 && body[start - 1] !== " ") start--;
  while (end < body.length && body[end] !== " ") end++;
  const segments = highlight(body.slice(start, end), foldedBody.slice(start, end), highlighters);
  if (start > 0) segments.unshift({ text: "… ", hit: false });
  if (end < body.length) segments.push({ text: " …", hit: false });
  return segments;
}

export async function search(options: {
  query: string;
  viewer: { roles: readonly string[] } | null;
  limit?: number;
}): Promise<SearchOutcome> {
  const query = options.query.trim();
  if (!query) return { status: "empty" };
  if (query.length > MAX_QUERY_LENGTH) return { status: "too-long" };
  const folded = foldVietnamese(query);
  const tokens = [...new Set(folded.split(/[^a-z0-9]+/).filter(Boolean))].slice(0, MAX_TOKENS);
  if (!tokens.length) return { status: "no-words" };
  const phrase = tokens.join(" ");
  // A query typed with diacritics ("dân vận") also ranks exact spellings above folded look-alikes ("dẫn văn").
  const exact = query.normalize("NFC").toLowerCase() !== folded ? query.normalize("NFC").toLowerCase() : null;
  const patterns = tokenPatterns(tokens);
  const spellings = typedSpellings(query, folded);
  const highlighters = patterns.map((pattern, i) => ({ pattern, spellings: spellings.get(tokens[i]!) }));
  const drafts = canSeeDrafts(options.viewer);
  const results: SearchResult[] = [];

  for (const doc of await loadIndex()) {
    if (!doc.published && !drafts) continue;
    let score = 0;
    let matchedAll = true;
    let bestHeading = -1;
    for (const pattern of patterns) {
      const inTitle = countMatches(doc.folded.title, pattern);
      const headingHits = doc.folded.headings.map((h) => countMatches(h, pattern));
      const inBody = countMatches(doc.folded.body, pattern);
      if (!inTitle && !headingHits.some(Boolean) && !inBody) {
        matchedAll = false;
        break;
      }
      // Ranking: a hit in the title outweighs any number of hits in headings, which outweigh the body.
      score += (inTitle ? 1000 : 0) + (headingHits.some(Boolean) ? 100 : 0) + Math.min(inBody, 10);
      if (bestHeading === -1) bestHeading = headingHits.findIndex(Boolean);
    }
    if (!matchedAll) continue;
    if (tokens.length > 1) {
      if (doc.folded.title.includes(phrase)) score += 2000;
      else if (doc.folded.headings.some((h) => h.includes(phrase))) score += 200;
      else if (doc.folded.body.includes(phrase)) score += 20;
    }
    if (exact) {
      if (doc.fields.title.toLowerCase().includes(exact)) score += 500;
      else if (doc.fields.body.toLowerCase().includes(exact)) score += 50;
    }
    const heading = bestHeading >= 0 ? doc.fields.headings[bestHeading]! : null;
    results.push({
      href: heading ? `${doc.href}#${heading.id}` : doc.href,
      title: highlight(doc.fields.title, doc.folded.title, highlighters),
      context: doc.context,
      kind: doc.kind,
      heading: heading?.text ?? null,
      snippet: snippetOf(doc.fields.body, doc.folded.body, highlighters, phrase),
      draft: !doc.published,
      score,
    });
  }
  results.sort(
    (a, b) =>
      b.score - a.score ||
      a.title
        .map((s) => s.text)
        .join("")
        .localeCompare(b.title.map((s) => s.text).join(""), "vi"),
  );
  return { status: "ok", query, results: results.slice(0, options.limit ?? 30) };
}
