/**
 * npm run fonts:build — the Be Vietnam Pro faces the pages use, converted from the npm package's
 * TTF files to WOFF2 (wawoff2, Google's encoder compiled to WebAssembly: nothing downloaded) into
 * public/fonts/, which is committed. Browsers get WOFF2; the certificate PDF keeps reading the TTF
 * files from node_modules (app/certificates/fonts.server.ts). Run it again after upgrading the package.
 */
import fs from "node:fs";
import path from "node:path";

import wawoff2 from "wawoff2";

// Two faces: regular, and semibold for every heavier weight; italics are slanted by the browser.
// Four faces cost ~155 KB on a first visit, over the 100 KB page budget; two cost ~78 KB.
export const FACES = ["400Regular", "600SemiBold"] as const;
const SOURCE = path.resolve("node_modules/@expo-google-fonts/be-vietnam-pro");
const TARGET = path.resolve("public/fonts");

fs.mkdirSync(TARGET, { recursive: true });
for (const face of FACES) {
  const ttf = fs.readFileSync(path.join(SOURCE, face, `BeVietnamPro_${face}.ttf`));
  const woff2 = Buffer.from(await wawoff2.compress(ttf));
  fs.writeFileSync(path.join(TARGET, `BeVietnamPro_${face}.woff2`), woff2);
  console.log(`${face}: ${(ttf.length / 1024).toFixed(0)} KB TTF → ${(woff2.length / 1024).toFixed(0)} KB WOFF2`);
}
