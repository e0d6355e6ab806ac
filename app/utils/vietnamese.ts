/**
 * Vietnamese text folding for search and slugs: lower case, diacritics removed, đ/Đ → d.
 * Folding works character by character on NFC text and keeps the length, so a match found in
 * folded text sits at the same offsets in the original (used to highlight snippets).
 */
const cache = new Map<string, string>();

function foldChar(ch: string): string {
  let folded = cache.get(ch);
  if (folded === undefined) {
    if (ch === "đ" || ch === "Đ") folded = "d";
    else {
      const base = ch
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase();
      // Keep one character per character: anything unusual folds to itself, lower-cased.
      folded = base.length === 1 ? base : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
    }
    cache.set(ch, folded);
  }
  return folded;
}

export function foldVietnamese(text: string): string {
  const nfc = text.normalize("NFC");
  let out = "";
  for (let i = 0; i < nfc.length; i++) out += foldChar(nfc[i]!);
  return out;
}

/** ASCII slug: "Dân vận là gì?" → "dan-van-la-gi". */
export function slugify(text: string): string {
  return foldVietnamese(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

const collator = new Intl.Collator("vi", { sensitivity: "base" });
/** Vietnamese alphabetical order (a ă â b c d đ e ê …). */
export function compareVietnamese(a: string, b: string) {
  return collator.compare(a, b);
}

const nameCollator = new Intl.Collator("vi");
/**
 * People in Vietnamese order: by tên (the last word of the full name), then họ đệm (the words
 * before it), with Vietnamese collation ("Anh" < "Ánh" < "Ân" < "Bình").
 */
export function sortByVietnameseName<T extends { fullName: string }>(people: T[]): T[] {
  const keyed = people.map((p) => {
    const words = p.fullName.trim().split(/\s+/);
    return { p, given: words.at(-1) ?? "", rest: words.slice(0, -1).join(" ") };
  });
  keyed.sort((a, b) => nameCollator.compare(a.given, b.given) || nameCollator.compare(a.rest, b.rest));
  return keyed.map((k) => k.p);
}
