import fs from "node:fs";
import path from "node:path";

import { TMP_DIR } from "./setup/base-db";

/** A tiny content tree written to a temporary folder, for pipeline tests that must not touch content/. */

export const FIXTURE_GLOSSARY = `- id: dan-van\n  term: "Dân vận"\n  definition: "Vận động nhân dân."\n`;

export function lessonSource(options: {
  title: string;
  status?: "draft" | "published";
  body?: string;
  frontmatter?: string;
}) {
  return `---
title: "${options.title}"
description: "Mô tả bài ${options.title}."
objectives:
  - "Nêu được ý chính."
estimatedMinutes: 10
tags: ["thu-nghiem"]
status: ${options.status ?? "published"}
${options.frontmatter ?? ""}---

${
  options.body ??
  `Đoạn mở đầu của bài ${options.title}.

## Mục thứ nhất

Nội dung có <Term id="dan-van">dân vận</Term> khéo.

<KeyPoints>

- Ý chính.

</KeyPoints>
`
}`;
}

export function writeContentFixture(files: Record<string, string>) {
  const root = path.join(TMP_DIR, `content-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const all: Record<string, string> = {
    "glossary.yml": FIXTURE_GLOSSARY,
    "courses/khoa-thu/course.mdx": `---
title: "Khóa thử"
description: "Khóa học dùng để kiểm thử."
objectives:
  - "Kiểm thử được quy trình."
estimatedMinutes: 30
tags: []
status: published
audience: "Cán bộ"
hours: 1
version: 1
---

Giới thiệu khóa thử.
`,
    "courses/khoa-thu/01-chuong-mot/module.mdx": `---\ntitle: "Chương một"\ndescription: "Chương đầu."\nstatus: published\n---\n\nGiới thiệu chương.\n`,
    "courses/khoa-thu/01-chuong-mot/01-bai-mot.mdx": lessonSource({ title: "Bài một" }),
    "courses/khoa-thu/01-chuong-mot/02-bai-hai.mdx": lessonSource({ title: "Bài hai" }),
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/**
 * A module bank of five questions, one of each type and more; settings overridable. Its wrong
 * options are the longest, so the bank passes the bank balance rules (app/quizzes/balance.ts).
 */
export function quizSource(settings: string) {
  return `settings:
${settings}
questions:
  - id: t-001
    type: single
    lesson: bai-mot
    prompt: "Câu **một**?"
    options:
      - id: a
        text: "Phương án sai"
      - id: b
        text: "Đúng"
    answer: b
    explanation: "Vì b."
  - id: t-002
    type: multiple
    scoring: partial
    lesson: bai-mot
    prompt: "Chọn các ý đúng."
    options:
      - id: a
        text: "Đúng một"
      - id: b
        text: "Phương án sai"
      - id: c
        text: "Đúng hai"
    answer: [a, c]
    explanation: "a và c."
  - id: t-003
    type: true_false
    lesson: bai-hai
    prompt: "Trời xanh."
    answer: true
    explanation: "Đúng."
  - id: t-004
    type: ordering
    lesson: bai-hai
    prompt: "Sắp xếp."
    options:
      - id: a
        text: "Hai"
      - id: b
        text: "Ba"
      - id: c
        text: "Một"
    answer: [c, a, b]
    explanation: "Một, hai, ba."
  - id: t-005
    type: single
    lesson: bai-hai
    prompt: "Câu năm?"
    options:
      - id: a
        text: "Đúng"
      - id: b
        text: "Phương án sai"
    answer: a
    explanation: "Vì a."
`;
}
