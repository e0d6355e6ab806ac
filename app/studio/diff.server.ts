import { diffLines } from "diff";

export type DiffLine = {
  kind: "same" | "added" | "removed";
  text: string;
  oldLine: number | null;
  newLine: number | null;
};

/** A line-by-line diff of two documents, numbered on both sides, for a readable side-by-side view. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    const texts = part.value.replace(/\n$/, "").split("\n");
    for (const text of texts) {
      if (part.added) lines.push({ kind: "added", text, oldLine: null, newLine: newLine++ });
      else if (part.removed) lines.push({ kind: "removed", text, oldLine: oldLine++, newLine: null });
      else lines.push({ kind: "same", text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return lines;
}

/** Only the changed lines with a few lines of context around them; long unchanged runs fold. */
export function foldDiff(lines: DiffLine[], context = 3) {
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.kind === "same") return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = true;
  });
  const out: (DiffLine | { kind: "fold"; count: number })[] = [];
  let folded = 0;
  lines.forEach((l, i) => {
    if (keep[i]) {
      if (folded) out.push({ kind: "fold", count: folded });
      folded = 0;
      out.push(l);
    } else folded++;
  });
  if (folded) out.push({ kind: "fold", count: folded });
  return out;
}
