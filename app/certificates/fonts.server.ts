import fs from "node:fs";
import path from "node:path";

import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument } from "pdf-lib";

/** Be Vietnam Pro for PDFs (certificates, transcripts): read once, embedded as subsets. */
const FONT_DIR = path.resolve("node_modules/@expo-google-fonts/be-vietnam-pro");
const FILES = {
  regular: "400Regular/BeVietnamPro_400Regular.ttf",
  italic: "400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf",
  semibold: "600SemiBold/BeVietnamPro_600SemiBold.ttf",
  bold: "700Bold/BeVietnamPro_700Bold.ttf",
} as const;
let bytes: Record<keyof typeof FILES, Buffer> | undefined;

export async function embedVietnameseFonts(doc: PDFDocument) {
  bytes ??= Object.fromEntries(
    Object.entries(FILES).map(([k, f]) => [k, fs.readFileSync(path.join(FONT_DIR, f))]),
  ) as Record<keyof typeof FILES, Buffer>;
  doc.registerFontkit(fontkit);
  const [regular, italic, semibold, bold] = await Promise.all([
    doc.embedFont(bytes.regular, { subset: true }),
    doc.embedFont(bytes.italic, { subset: true }),
    doc.embedFont(bytes.semibold, { subset: true }),
    doc.embedFont(bytes.bold, { subset: true }),
  ]);
  return { regular, italic, semibold, bold };
}
