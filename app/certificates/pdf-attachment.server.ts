import zlib from "node:zlib";

import { type SignedEnvelope, SignedEnvelopeSchema } from "~/certificates/payload";

/**
 * Finds the signed envelope inside an uploaded PDF with a bounded amount of work, whatever the
 * file holds. A full PDF parser inflates every object stream it meets, so a 1 MB upload can make
 * it inflate gigabytes (a "zip bomb"). Here nothing is inflated but embedded-file streams, each
 * at most MAX_PAYLOAD_BYTES (zlib stops there), and the number of streams looked at is capped.
 *
 * Streams always sit at the top level of a PDF (never inside an object stream) and the embedded
 * file's own dictionary says `/Type /EmbeddedFile`, so a scan of the raw bytes finds it without
 * parsing the rest. The envelope is recognised by its content, not by the attachment's name: what
 * makes it count is its signature, checked by the caller.
 */

/** A signed payload is under 2 KB; anything inflating past this is not ours. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Our certificates have about 20 streams; a file with more than this is refused unread. */
const MAX_STREAMS = 2_000;
/** Embedded files inflated per upload. */
const MAX_EMBEDDED_FILES = 8;
/** A stream dictionary longer than this is not one we wrote. */
const MAX_DICT_CHARS = 4_096;

export type EmbeddedEnvelope =
  | { status: "found"; envelope: SignedEnvelope }
  /** No embedded file carries an envelope. */
  | { status: "none" }
  /** Too many streams, an embedded file that inflates too far or is encoded unlike ours, or two different envelopes. */
  | { status: "unreadable" };

const STREAM_KEYWORD = /(?<!end)stream(?:\r\n|\n|\r)/g;
const OBJ_KEYWORD = /\d+\s+\d+\s+obj\b/g;

/** The dictionary text of the stream starting at `keywordAt`: from its `N G obj` to the keyword. */
function dictBefore(text: string, keywordAt: number) {
  // Only the last MAX_DICT_CHARS before the keyword are searched: the work per stream is bounded.
  const window = text.slice(Math.max(0, keywordAt - MAX_DICT_CHARS), keywordAt);
  let start = -1;
  for (const m of window.matchAll(OBJ_KEYWORD)) start = m.index + m[0].length;
  return start < 0 ? null : window.slice(start);
}

function streamEnd(text: string, options: { dict: string; start: number }) {
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(options.dict);
  if (length) {
    const end = options.start + Number(length[1]);
    if (/^\s*endstream/.test(text.slice(end, end + 64))) return end;
  }
  const end = text.indexOf("endstream", options.start);
  return end < 0 ? text.length : end;
}

/** The stream's bytes decoded, or null when it is encoded in a way our PDFs never use, or too large. */
function decode(bytes: Buffer, dict: string): Buffer | null {
  if (/\/DecodeParms/.test(dict)) return null;
  const filters = [...dict.matchAll(/\/Filter\s*(\/[A-Za-z0-9#]+|\[[^\]]*\])/g)].map((m) => m[1]!.replace(/\s+/g, ""));
  if (filters.length === 0) return bytes.length <= MAX_PAYLOAD_BYTES ? bytes : null;
  if (filters.length > 1 || !["/FlateDecode", "[/FlateDecode]"].includes(filters[0]!)) return null;
  try {
    return zlib.inflateSync(bytes, { maxOutputLength: MAX_PAYLOAD_BYTES });
  } catch {
    // ERR_BUFFER_TOO_LARGE once MAX_PAYLOAD_BYTES is passed (zlib stops there), or corrupt data.
    return null;
  }
}

function readEnvelope(data: Buffer): SignedEnvelope | null {
  try {
    const parsed = SignedEnvelopeSchema.safeParse(JSON.parse(data.toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function findSignedEnvelope(bytes: Uint8Array): EmbeddedEnvelope {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // latin1 maps each byte to one character, so string offsets are byte offsets.
  const text = buffer.toString("latin1");
  const envelopes = new Map<string, SignedEnvelope>();
  let streams = 0;
  let embedded = 0;
  let unreadable = false;
  STREAM_KEYWORD.lastIndex = 0;
  for (let m = STREAM_KEYWORD.exec(text); m; m = STREAM_KEYWORD.exec(text)) {
    if (++streams > MAX_STREAMS) return { status: "unreadable" };
    const dict = dictBefore(text, m.index) ?? "";
    const start = m.index + m[0].length;
    const end = streamEnd(text, { dict, start });
    // Continue after this stream's data: bytes inside it are not keywords.
    STREAM_KEYWORD.lastIndex = end;
    if (!/\/Type\s*\/EmbeddedFile\b/.test(dict)) continue;
    if (++embedded > MAX_EMBEDDED_FILES) return { status: "unreadable" };
    const data = decode(buffer.subarray(start, end), dict);
    const envelope = data ? readEnvelope(data) : null;
    if (envelope) envelopes.set(envelope.signature, envelope);
    else if (!data) unreadable = true;
  }
  // Two different signed payloads in one file: which one would a reader take for "the" certificate?
  if (envelopes.size > 1) return { status: "unreadable" };
  const [envelope] = envelopes.values();
  if (envelope) return { status: "found", envelope };
  return { status: unreadable ? "unreadable" : "none" };
}
