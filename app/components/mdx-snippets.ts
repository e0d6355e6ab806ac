/**
 * The components a trainer can insert from the editor's toolbar, with the attributes each one
 * asks for. Only a convenience: the server's allow-list (app/content/mdx-rules.server.ts) is
 * what decides, so a snippet out of step with it is refused at preview, never published.
 */
export type SnippetField = { name: string; label: string; required?: boolean; options?: string[]; hint?: string };
export type Snippet = {
  name: string;
  label: string;
  fields: SnippetField[];
  /** The MDX text for the attribute values (already stripped of quotes). */
  build: (v: Record<string, string>) => string;
};

const attr = (name: string, value: string | undefined) => (value ? ` ${name}="${value.replace(/"/g, "”")}"` : "");

export const SNIPPETS: Snippet[] = [
  {
    name: "Quote",
    label: "Trích dẫn",
    fields: [
      { name: "work", label: "Tác phẩm", required: true },
      { name: "year", label: "Năm (4 chữ số)", required: true },
      { name: "source", label: "Nguồn", required: true, hint: "ví dụ: Hồ Chí Minh, Toàn tập, t.6, tr.232" },
      { name: "author", label: "Tác giả" },
      { name: "text", label: "Lời trích", required: true },
    ],
    build: (v) =>
      `<Quote${attr("work", v.work)}${attr("year", v.year)}${attr("source", v.source)}${attr("author", v.author)}>\n\n${v.text ?? ""}\n\n</Quote>\n`,
  },
  {
    name: "Callout",
    label: "Hộp lưu ý",
    fields: [
      { name: "kind", label: "Loại", required: true, options: ["note", "tip", "warning"] },
      { name: "text", label: "Nội dung", required: true },
    ],
    build: (v) => `<Callout${attr("kind", v.kind || "note")}>\n\n${v.text ?? ""}\n\n</Callout>\n`,
  },
  {
    name: "CaseStudy",
    label: "Tình huống",
    fields: [
      { name: "title", label: "Tên tình huống", required: true },
      { name: "text", label: "Diễn biến", required: true },
    ],
    build: (v) => `<CaseStudy${attr("title", v.title)}>\n\n${v.text ?? ""}\n\n</CaseStudy>\n`,
  },
  {
    name: "Check",
    label: "Câu tự kiểm tra",
    fields: [
      { name: "question", label: "Câu hỏi", required: true },
      { name: "right", label: "Phương án đúng", required: true },
      { name: "wrong1", label: "Phương án sai 1", required: true },
      { name: "wrong2", label: "Phương án sai 2" },
      { name: "explanation", label: "Giải thích", required: true },
    ],
    build: (v) =>
      `<Check${attr("question", v.question)}${attr("explanation", v.explanation)}>\n<Choice correct>${v.right ?? ""}</Choice>\n<Choice>${v.wrong1 ?? ""}</Choice>\n${v.wrong2 ? `<Choice>${v.wrong2}</Choice>\n` : ""}</Check>\n`,
  },
  {
    name: "Reflection",
    label: "Câu hỏi suy ngẫm",
    fields: [
      { name: "id", label: "Mã (chữ thường không dấu, gạch ngang)", required: true },
      { name: "shared", label: "Chia sẻ câu trả lời với giảng viên", options: ["không", "có"] },
      { name: "text", label: "Câu hỏi", required: true },
    ],
    build: (v) =>
      `<Reflection${attr("id", v.id)}${v.shared === "có" ? " shared" : ""}>\n\n${v.text ?? ""}\n\n</Reflection>\n`,
  },
  {
    name: "KeyPoints",
    label: "Ghi nhớ",
    fields: [{ name: "text", label: "Các ý (mỗi dòng một ý)", required: true }],
    build: (v) =>
      `<KeyPoints>\n\n${(v.text ?? "")
        .split("\n")
        .filter((l) => l.trim())
        .map((l) => `- ${l.trim()}`)
        .join("\n")}\n\n</KeyPoints>\n`,
  },
  {
    name: "DocumentRef",
    label: "Văn bản",
    fields: [
      { name: "issuer", label: "Cơ quan ban hành", required: true },
      { name: "number", label: "Số hiệu" },
      { name: "date", label: "Ngày (dd/mm/yyyy)", required: true },
      { name: "title", label: "Trích yếu", required: true },
    ],
    build: (v) =>
      `<DocumentRef${attr("issuer", v.issuer)}${attr("number", v.number)}${attr("date", v.date)}${attr("title", v.title)} />\n`,
  },
  {
    name: "Image",
    label: "Hình ảnh",
    fields: [
      { name: "src", label: "Địa chỉ ảnh", required: true, hint: "chép từ Thư viện tệp của khóa học: /media/…" },
      { name: "alt", label: "Mô tả ảnh (alt) cho người không xem được ảnh", required: true },
    ],
    build: (v) => `![${(v.alt ?? "").replace(/[[\]]/g, "")}](${(v.src ?? "").trim()})\n`,
  },
  {
    name: "Video",
    label: "Video",
    fields: [
      { name: "src", label: "Địa chỉ video", required: true, hint: "chép từ Thư viện tệp: /media/….mp4" },
      { name: "captions", label: "Địa chỉ phụ đề", required: true, hint: "/media/….vtt" },
      { name: "title", label: "Tiêu đề", required: true },
    ],
    build: (v) =>
      `<Video${attr("src", v.src?.trim())}${attr("captions", v.captions?.trim())}${attr("title", v.title)} />\n`,
  },
  {
    name: "Audio",
    label: "Âm thanh",
    fields: [
      { name: "src", label: "Địa chỉ tệp âm thanh", required: true, hint: "chép từ Thư viện tệp: /media/….mp3" },
      { name: "captions", label: "Địa chỉ lời thoại", required: true, hint: "/media/….vtt" },
      { name: "title", label: "Tiêu đề", required: true },
    ],
    build: (v) =>
      `<Audio${attr("src", v.src?.trim())}${attr("captions", v.captions?.trim())}${attr("title", v.title)} />\n`,
  },
  {
    name: "Term",
    label: "Thuật ngữ",
    fields: [
      { name: "id", label: "Mã thuật ngữ (trong bảng thuật ngữ)", required: true },
      { name: "text", label: "Chữ hiển thị", required: true },
    ],
    build: (v) => `<Term${attr("id", v.id)}>${v.text ?? ""}</Term>`,
  },
];
