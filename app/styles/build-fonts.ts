/**
 * npm run fonts:build — the Be Vietnam Pro faces the pages use, from the npm package's TTF files to
 * WOFF2 subsets (subset-font: HarfBuzz compiled to WebAssembly, WOFF2 through wawoff2; nothing is
 * downloaded) in public/fonts/, which is committed. The subset keeps what Vietnamese and English text
 * need (Basic Latin, Latin-1, Latin Extended-A/B, the Vietnamese block, combining marks, general
 * punctuation, currency and arrows); a character outside it falls back to the next font in the stack.
 * Browsers get WOFF2; the certificate PDF keeps the full TTF files from node_modules
 * (app/certificates/fonts.server.ts). Run it again after upgrading the font package.
 */
import fs from "node:fs";
import path from "node:path";

import subsetFont from "subset-font";

// Two faces: regular, and semibold for every heavier weight; italics are slanted by the browser.
export const FACES = ["400Regular", "600SemiBold"] as const;
const SOURCE = path.resolve("node_modules/@expo-google-fonts/be-vietnam-pro");
const TARGET = path.resolve("public/fonts");

const RANGES: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x300, 0x323],
  [0x1ea0, 0x1ef9],
  [0x2000, 0x206f],
  [0x20ab, 0x20ac],
  [0x2190, 0x2193],
  [0x2212, 0x2212],
];
const text = RANGES.map(([from, to]) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).join(""),
).join("");

fs.mkdirSync(TARGET, { recursive: true });
for (const face of FACES) {
  const ttf = fs.readFileSync(path.join(SOURCE, face, `BeVietnamPro_${face}.ttf`));
  const woff2 = await subsetFont(ttf, text, { targetFormat: "woff2" });
  fs.writeFileSync(path.join(TARGET, `BeVietnamPro_${face}.woff2`), woff2);
  console.log(
    `${face}: ${(ttf.length / 1024).toFixed(0)} KB TTF → ${(woff2.length / 1024).toFixed(1)} KB WOFF2 subset`,
  );
}
