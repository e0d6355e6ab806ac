import fs from "node:fs";
import path from "node:path";

/**
 * The content tree as it is on disk: content/courses/<course>/course.mdx, module folders
 * NN-<slug>/module.mdx and lessons NN-<slug>.mdx. Folder and file numbers give the order.
 */

export const CONTENT_DIR = path.resolve(process.env.CONTENT_DIR ?? "content");

export type LessonFile = { slug: string; file: string; position: number };
export type ModuleFile = {
  slug: string;
  dir: string;
  file: string;
  position: number;
  lessons: LessonFile[];
  quizFile: string | null;
};
export type CourseFile = { slug: string; dir: string; file: string; modules: ModuleFile[]; examFile: string | null };

const NUMBERED = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)(\.mdx)?$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function listDir(dir: string) {
  return fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    : [];
}

/** Reads the tree; naming problems are returned rather than thrown so content:check can list them all. */
export function readContentTree(root = CONTENT_DIR) {
  const courses: CourseFile[] = [];
  const problems: { file: string; line: number; message: string }[] = [];
  const coursesDir = path.join(root, "courses");
  for (const courseEntry of listDir(coursesDir)) {
    if (!courseEntry.isDirectory()) continue;
    const dir = path.join(coursesDir, courseEntry.name);
    if (!SLUG.test(courseEntry.name)) {
      problems.push({ file: dir, line: 1, message: "tên thư mục khóa học phải là slug ASCII (ví dụ dan-van-kheo)" });
      continue;
    }
    const courseFile = path.join(dir, "course.mdx");
    if (!fs.existsSync(courseFile)) {
      problems.push({ file: dir, line: 1, message: "thiếu tệp course.mdx" });
      continue;
    }
    const modules: ModuleFile[] = [];
    for (const moduleEntry of listDir(dir)) {
      if (!moduleEntry.isDirectory() || moduleEntry.name === "assets") continue;
      const moduleDir = path.join(dir, moduleEntry.name);
      const m = NUMBERED.exec(moduleEntry.name);
      if (!m || m[3]) {
        problems.push({
          file: moduleDir,
          line: 1,
          message: "thư mục chương phải có dạng NN-slug (ví dụ 01-bai-bao-dan-van)",
        });
        continue;
      }
      const lessons: LessonFile[] = [];
      for (const entry of listDir(moduleDir)) {
        if (!entry.isFile() || !entry.name.endsWith(".mdx") || entry.name === "module.mdx") continue;
        const l = NUMBERED.exec(entry.name);
        if (!l || !l[3]) {
          problems.push({
            file: path.join(moduleDir, entry.name),
            line: 1,
            message: "tệp bài học phải có dạng NN-slug.mdx (ví dụ 01-dan-van-la-gi.mdx)",
          });
          continue;
        }
        lessons.push({ slug: l[2]!, file: path.join(moduleDir, entry.name), position: Number(l[1]) });
      }
      const moduleFile = path.join(moduleDir, "module.mdx");
      if (!fs.existsSync(moduleFile)) problems.push({ file: moduleDir, line: 1, message: "thiếu tệp module.mdx" });
      const quizFile = path.join(moduleDir, "quiz.yml");
      modules.push({
        slug: m[2]!,
        dir: moduleDir,
        file: moduleFile,
        position: Number(m[1]),
        lessons,
        quizFile: fs.existsSync(quizFile) ? quizFile : null,
      });
    }
    const examFile = path.join(dir, "exam.yml");
    courses.push({
      slug: courseEntry.name,
      dir,
      file: courseFile,
      modules,
      examFile: fs.existsSync(examFile) ? examFile : null,
    });
  }
  return { courses, problems };
}

/** Path relative to the project, for messages (file:line). */
export function displayPath(file: string) {
  return path.relative(process.cwd(), file) || file;
}
