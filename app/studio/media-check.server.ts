/**
 * What an uploaded file is, decided by its bytes only (never its name or the browser's MIME type),
 * and whether a captions file is WebVTT a player can read.
 */

export type MediaKind = "image" | "video" | "audio";
export type DetectedType = { kind: MediaKind; mimeType: string; ext: string };

const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString("latin1");

/** Major brands of ISO base media files that browsers play as video/mp4. */
const MP4_BRANDS = new Set(["isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "mmp4"]);

/**
 * Detects PNG, JPEG, WebP, MP4 (ftyp box), WebM (EBML header with the webm doc type) and MP3 (ID3
 * tag or an MPEG audio frame sync) from the first bytes; anything else is null.
 */
export function detectMediaType(head: Uint8Array): DetectedType | null {
  const b = head;
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 4) === "PNG" && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a)
    return { kind: "image", mimeType: "image/png", ext: "png" };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
    return { kind: "image", mimeType: "image/jpeg", ext: "jpg" };
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP")
    return { kind: "image", mimeType: "image/webp", ext: "webp" };
  if (b.length >= 12 && ascii(b, 4, 8) === "ftyp") {
    const size = Buffer.from(b.subarray(0, 4)).readUInt32BE(0);
    if (size >= 16 && size <= 4096 && MP4_BRANDS.has(ascii(b, 8, 12)))
      return { kind: "video", mimeType: "video/mp4", ext: "mp4" };
    return null;
  }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    // The EBML header's DocType element (0x42 0x82) names the format: Matroska files are not WebM.
    const header = ascii(b, 0, Math.min(b.length, 64));
    return header.includes("\u0042\u0082\u0084webm") ? { kind: "video", mimeType: "video/webm", ext: "webm" } : null;
  }
  if (b.length >= 10 && ascii(b, 0, 3) === "ID3" && b[3]! >= 2 && b[3]! <= 4)
    return { kind: "audio", mimeType: "audio/mpeg", ext: "mp3" };
  // MPEG-1/2 Layer III frame header: 11 sync bits, a version that exists, layer III, a valid bitrate.
  if (b.length >= 4 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) {
    const version = (b[1]! >> 3) & 0x03;
    const layer = (b[1]! >> 1) & 0x03;
    const bitrate = b[2]! >> 4;
    const rate = (b[2]! >> 2) & 0x03;
    if (version !== 1 && layer === 1 && bitrate !== 0 && bitrate !== 15 && rate !== 3)
      return { kind: "audio", mimeType: "audio/mpeg", ext: "mp3" };
  }
  return null;
}

/** Text formats people try to pass off as images; named in the refusal so the trainer knows why. */
export function looksLikeMarkup(head: Uint8Array) {
  const text = Buffer.from(head.subarray(0, 512))
    .toString("utf8")
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!doctype svg|<svg)/.test(text) || text.includes("<svg")) return "svg";
  if (text.startsWith("<")) return "markup";
  return null;
}

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

function seconds(stamp: string) {
  const m = TIMESTAMP.exec(stamp);
  if (!m) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}

/**
 * Checks a WebVTT file: UTF-8, the `WEBVTT` signature line, and every cue timing line
 * (`00:00:01.000 --> 00:00:04.000`, optional hours and settings) with a start not after its end.
 * Returns the problems in Vietnamese, with line numbers; an empty list means valid.
 */
export function checkWebVtt(bytes: Uint8Array): string[] {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD")) return ["tệp phụ đề phải được lưu bằng mã UTF-8"];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? ""))
    return ["tệp phụ đề phải là WebVTT: dòng đầu tiên phải là “WEBVTT”"];
  const problems: string[] = [];
  let cues = 0;
  for (const [i, line] of lines.entries()) {
    if (!line.includes("-->")) continue;
    const match = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t].*)?$/.exec(line);
    const start = match ? seconds(match[1]!) : null;
    const end = match ? seconds(match[2]!) : null;
    if (start === null || end === null) problems.push(`dòng ${i + 1}: mốc thời gian không đúng dạng 00:00:01.000`);
    else if (end < start) problems.push(`dòng ${i + 1}: thời điểm kết thúc đứng trước thời điểm bắt đầu`);
    else cues += 1;
    if (problems.length >= 5) break;
  }
  if (!problems.length && cues === 0) problems.push("tệp phụ đề chưa có câu thoại nào (dòng thời gian “-->”)");
  return problems;
}
