import zlib from "node:zlib";

import { PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";

/**
 * A zlib stream that inflates to `mib` MiB of zeros from about 1 KB per MiB, built in
 * milliseconds: one fully flushed deflate block of 1 MiB of zeros, repeated, then the final
 * block and the Adler-32 of the whole (computable for zeros: a = 1, b = n mod 65521).
 */
export function zlibBomb(mib: number) {
  const block = zlib.deflateRawSync(Buffer.alloc(1 << 20), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const n = mib * (1 << 20);
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((n % 65521) << 16) | 1) >>> 0);
  return Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array<Buffer>(mib).fill(block),
    Buffer.from([0x03, 0x00]),
    adler,
  ]);
}

/** A PDF whose certificate attachment (or, with `objectStream`, an object stream) is the bomb. */
export async function bombPdf(options: { objectStream?: boolean }) {
  const bomb = zlibBomb(1024);
  const doc = await PDFDocument.create();
  doc.addPage();
  const ctx = doc.context;
  if (options.objectStream) {
    ctx.register(ctx.stream(bomb, { Type: "ObjStm", N: 1, First: 0, Filter: "FlateDecode" }));
  } else {
    const file = ctx.register(
      ctx.stream(bomb, { Type: "EmbeddedFile", Subtype: "application/json", Filter: "FlateDecode" }),
    );
    const name = "hocdanvan-certificate.json";
    const spec = ctx.register(
      ctx.obj({ Type: "Filespec", F: PDFString.of(name), UF: PDFHexString.fromText(name), EF: { F: file } }),
    );
    doc.catalog.set(
      PDFName.of("Names"),
      ctx.obj({ EmbeddedFiles: ctx.obj({ Names: ctx.obj([PDFHexString.fromText(name), spec]) }) }),
    );
  }
  return doc.save({ useObjectStreams: false });
}
