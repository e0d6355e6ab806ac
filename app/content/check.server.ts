import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { parse as parseYaml } from "yaml";
import { z } from "zod";

import {
  CourseFrontmatter,
  type CourseMeta,
  LessonFrontmatter,
  type LessonMeta,
  ModuleFrontmatter,
  type ModuleMeta,
  parseFrontmatter,
  type Problem,
} from "~/content/frontmatter.server";
import { checkMdxTree, type MdxFacts, nfcProblems, parseMdx } from "~/content/mdx-rules.server";
import { MEDIA_FOLDER, MEDIA_URL, mediaFileOf } from "~/content/media";
import { BALANCE_CODE, balanceProblems, type BankBalance, bankBalance } from "~/content/quiz-balance";
import { duplicateIdProblems, parseBank, type ParsedBank } from "~/content/quiz-banks.server";
import { CONTENT_DIR, type CourseFile, displayPath, readContentTree, SLUG } from "~/content/tree.server";
import { env } from "~/env.server";
import { parseJson } from "~/utils/json";

/**
 * content:check — every rule content must meet, reported as `file:line: message`: file layout,
 * frontmatter, the MDX allow-list, headings, links, images, glossary terms, duplicates, NFC.
 */

export type CheckedLesson = {
  file: string;
  source: string;
  slug: string;
  id: string;
  position: number;
  meta: LessonMeta;
  facts: MdxFacts;
  ok: boolean;
};
export type CheckedModule = {
  file: string;
  source: string;
  slug: string;
  position: number;
  meta?: ModuleMeta;
  ok: boolean;
  lessons: CheckedLesson[];
  bank?: ParsedBank;
};
export type CheckedCourse = {
  file: string;
  dir: string;
  source: string;
  slug: string;
  meta?: CourseMeta;
  ok: boolean;
  modules: CheckedModule[];
  exam?: ParsedBank;
};
export type CheckedBalance = { file: string; balance: BankBalance };
export type GlossaryEntry = { id: string; term: string; definition: string };

const GlossarySchema = z.array(
  z.strictObject({
    id: z.string().regex(SLUG, "id của thuật ngữ là slug ASCII"),
    term: z.string().trim().min(1, "thiếu “term”"),
    definition: z.string().trim().min(1, "thiếu “definition”").max(600, "định nghĩa dài quá 600 ký tự"),
  }),
);

const IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg", ".webp", ".gif"];

/**
 * Per-file results depend only on the file's path and text, so they are cached by a hash of
 * both: in memory for `--watch`, and on disk (node_modules/.cache) so a one-file change does not
 * re-parse every lesson. Cross-file rules (links, duplicates, terms) always run on the whole set.
 */
type FileResult = { meta: unknown; facts: MdxFacts; problems: Problem[] };

// The caches are files a previous run wrote; one that does not match these shapes is ignored.
const ProblemSchema = z.object({
  file: z.string(),
  line: z.number(),
  message: z.string(),
  rule: z.literal("bank-balance").optional(),
}) satisfies z.ZodType<Problem>;
const Located = z.object({ url: z.string(), line: z.number() });
const FileResultSchema = z.object({
  meta: z.unknown(),
  facts: z.object({
    links: z.array(Located),
    images: z.array(Located),
    termIds: z.array(z.object({ id: z.string(), line: z.number() })),
    reflectionIds: z.array(z.string()),
    media: z.array(Located).default([]),
  }) satisfies z.ZodType<MdxFacts>,
  problems: z.array(ProblemSchema),
});
const CheckCacheSchema = z.object({ version: z.string(), entries: z.array(z.tuple([z.string(), FileResultSchema])) });
const BalanceCacheSchema = z.array(
  z.tuple([
    z.string(),
    z.object({
      items: z.number(),
      single: z.number(),
      longestCorrect: z.array(z.string()),
      muchLonger: z.array(z.object({ id: z.string(), correct: z.number(), distractor: z.number() })),
      trueFalse: z.number(),
      trueAnswers: z.number(),
      multiple: z.number(),
      allButOne: z.array(z.string()),
      passProbability: z.number(),
      drawSize: z.number(),
    }) satisfies z.ZodType<BankBalance>,
  ]),
);
const CACHE_VERSION = "1";
const caches = new Map<string, Map<string, FileResult>>();

function cacheFile(root: string) {
  const id = crypto.createHash("sha256").update(path.resolve(root)).digest("hex").slice(0, 12);
  return path.resolve(`node_modules/.cache/hoc-dan-van/content-check-${id}.json`);
}

function loadCache(root: string) {
  let cache = caches.get(root);
  if (cache) return cache;
  cache = new Map();
  try {
    const stored = parseJson(CheckCacheSchema, fs.readFileSync(cacheFile(root), "utf8"), "content:check cache");
    if (stored.version === CACHE_VERSION) cache = new Map(stored.entries);
  } catch {
    // no cache yet, or one from another version of this code
  }
  caches.set(root, cache);
  return cache;
}

function saveCache(root: string, used: Set<string>) {
  const cache = loadCache(root);
  for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);
  try {
    fs.mkdirSync(path.dirname(cacheFile(root)), { recursive: true });
    fs.writeFileSync(cacheFile(root), JSON.stringify({ version: CACHE_VERSION, entries: [...cache] }));
  } catch {
    // a read-only tree still checks, just without the cache
  }
}

/**
 * Bank balance takes seconds (a Monte Carlo per bank), so it is cached like file results: by a
 * hash of what it depends on (the bank, the module banks of an exam, and the measuring code).
 */
const balanceCaches = new Map<string, Map<string, BankBalance>>();
const balanceSources = () =>
  ["balance.ts", "draw.ts", "grading.ts"]
    .map((f) => {
      try {
        return fs.readFileSync(path.resolve("app/quizzes", f), "utf8");
      } catch {
        return ""; // outside the project tree: the functions' own text (BALANCE_CODE) still counts
      }
    })
    .join("\0");
let balanceCode: string | undefined;
const balanceCacheFile = (root: string) => cacheFile(root).replace("content-check-", "content-balance-");

function cachedBalance(root: string, used: Set<string>, input: Parameters<typeof bankBalance>[0]) {
  let cache = balanceCaches.get(root);
  if (!cache) {
    cache = new Map();
    try {
      cache = new Map(parseJson(BalanceCacheSchema, fs.readFileSync(balanceCacheFile(root), "utf8"), "balance cache"));
    } catch {
      // no cache yet
    }
    balanceCaches.set(root, cache);
  }
  const key = crypto
    .createHash("sha256")
    .update((balanceCode ??= BALANCE_CODE + balanceSources()))
    .update("\0")
    .update(JSON.stringify([input.questions, input.settings, input.moduleQuestions ?? null]))
    .digest("hex");
  used.add(key);
  let balance = cache.get(key);
  if (!balance) {
    balance = bankBalance(input);
    cache.set(key, balance);
  }
  return balance;
}

function saveBalanceCache(root: string, used: Set<string>) {
  const cache = balanceCaches.get(root);
  if (!cache) return;
  for (const key of cache.keys()) if (!used.has(key)) cache.delete(key);
  try {
    fs.mkdirSync(path.dirname(balanceCacheFile(root)), { recursive: true });
    fs.writeFileSync(balanceCacheFile(root), JSON.stringify([...cache]));
  } catch {
    // a read-only tree still checks, just without the cache
  }
}

function checkDocument<T>(options: {
  root: string;
  file: string;
  schema: z.ZodType<T>;
  problems: Problem[];
  used: Set<string>;
}) {
  const file = displayPath(options.file);
  const source = fs.readFileSync(options.file, "utf8");
  const key = crypto.createHash("sha256").update(file).update("\0").update(source).digest("hex");
  options.used.add(key);
  const cache = loadCache(options.root);
  let result = cache.get(key);
  if (!result) {
    const problems = [...nfcProblems(source, file)];
    const fm = parseFrontmatter({ source, file, schema: options.schema });
    problems.push(...fm.problems);
    const parsed = parseMdx(source, file);
    problems.push(...parsed.problems);
    const facts: MdxFacts = { links: [], images: [], termIds: [], reflectionIds: [], media: [] };
    if (parsed.tree) {
      const checked = checkMdxTree(parsed.tree, file);
      problems.push(...checked.problems);
      Object.assign(facts, checked.facts);
    }
    result = { meta: fm.data, facts, problems };
    cache.set(key, result);
  }
  options.problems.push(...result.problems);
  return { source, meta: result.meta as T | undefined, facts: result.facts, ok: result.problems.length === 0 };
}

export function loadGlossary(root = CONTENT_DIR, problems: Problem[] = []): GlossaryEntry[] {
  const file = path.join(root, "glossary.yml");
  if (!fs.existsSync(file)) return [];
  const source = fs.readFileSync(file, "utf8");
  problems.push(...nfcProblems(source, displayPath(file)));
  let data: unknown;
  try {
    data = parseYaml(source);
  } catch (error) {
    problems.push({
      file: displayPath(file),
      line: (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1,
      message: `YAML không hợp lệ: ${(error as Error).message.split("\n")[0]}`,
    });
    return [];
  }
  const result = GlossarySchema.safeParse(data ?? []);
  if (!result.success) {
    for (const issue of result.error.issues)
      problems.push({
        file: displayPath(file),
        line: lineOfEntry(source, issue.path[0]),
        message: `mục ${String(issue.path[0] ?? "")}: ${issue.message}`,
      });
    return [];
  }
  const seen = new Set<string>();
  for (const [i, entry] of result.data.entries()) {
    if (seen.has(entry.id))
      problems.push({
        file: displayPath(file),
        line: lineOfEntry(source, i),
        message: `thuật ngữ “${entry.id}” bị trùng`,
      });
    seen.add(entry.id);
  }
  return result.data;
}

/** Line of the n-th "- " list entry in a YAML list file. */
function lineOfEntry(source: string, index: unknown) {
  if (typeof index !== "number") return 1;
  let count = -1;
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) if (/^- /.test(lines[i]!) && ++count === index) return i + 1;
  return 1;
}

export function checkContent(root = CONTENT_DIR) {
  const problems: Problem[] = [];
  const tree = readContentTree(root);
  problems.push(...tree.problems.map((p) => ({ ...p, file: displayPath(p.file) })));
  const glossary = loadGlossary(root, problems);
  const termIds = new Set(glossary.map((g) => g.id));
  const courses: CheckedCourse[] = [];
  const lessonIds = new Map<string, string>();
  const used = new Set<string>();
  const balances: CheckedBalance[] = [];
  const usedBalances = new Set<string>();

  for (const course of tree.courses) {
    const c = checkDocument({ file: course.file, schema: CourseFrontmatter, problems, used, root });
    const checkedCourse: CheckedCourse = {
      file: course.file,
      dir: course.dir,
      source: c.source,
      slug: course.slug,
      meta: c.meta,
      ok: c.ok,
      modules: [],
    };
    const lessonSlugs = new Map<string, string>();
    const moduleSlugs = new Set<string>();
    for (const mod of course.modules) {
      if (moduleSlugs.has(mod.slug))
        problems.push({
          file: displayPath(mod.dir),
          line: 1,
          message: `slug chương “${mod.slug}” bị trùng trong khóa học`,
        });
      moduleSlugs.add(mod.slug);
      const m = fs.existsSync(mod.file)
        ? checkDocument({ file: mod.file, schema: ModuleFrontmatter, problems, used, root })
        : { source: "", meta: undefined, ok: false, facts: null };
      const checkedModule: CheckedModule = {
        file: mod.file,
        source: m.source,
        slug: mod.slug,
        position: mod.position,
        meta: m.meta,
        ok: m.ok,
        lessons: [],
      };
      for (const lesson of mod.lessons) {
        const l = checkDocument({ file: lesson.file, schema: LessonFrontmatter, problems, used, root });
        const file = displayPath(lesson.file);
        const previous = lessonSlugs.get(lesson.slug);
        if (previous) problems.push({ file, line: 1, message: `slug bài học “${lesson.slug}” đã dùng ở ${previous}` });
        lessonSlugs.set(lesson.slug, file);
        const id = l.meta?.id ?? `${course.slug}/${lesson.slug}`;
        const sameId = lessonIds.get(id);
        if (sameId) problems.push({ file, line: 1, message: `id bài học “${id}” đã dùng ở ${sameId}` });
        lessonIds.set(id, file);
        for (const term of l.facts.termIds)
          if (!termIds.has(term.id))
            problems.push({
              file,
              line: term.line,
              message: `<Term id="${term.id}"> không có trong content/glossary.yml`,
            });
        // Studio uploads in an exported lesson: the file must be in DATA_DIR/media.
        for (const item of [...l.facts.media, ...l.facts.images.filter((i) => mediaFileOf(i.url))])
          if (!fs.existsSync(path.resolve(env.DATA_DIR, MEDIA_FOLDER, mediaFileOf(item.url) ?? "-")))
            problems.push({ file, line: item.line, message: `không tìm thấy tệp đã tải lên ${item.url}` });
        for (const image of l.facts.images) {
          if (mediaFileOf(image.url)) continue;
          if (/^https?:/.test(image.url)) {
            problems.push({
              file,
              line: image.line,
              message: "hình ảnh phải nằm trong thư mục assets/ của khóa học, không lấy từ trang ngoài",
            });
            continue;
          }
          const target = path.resolve(path.dirname(lesson.file), image.url);
          if (!target.startsWith(course.dir + path.sep) || !fs.existsSync(target))
            problems.push({ file, line: image.line, message: `không tìm thấy hình ảnh ${image.url}` });
          else if (!IMAGE_EXTENSIONS.includes(path.extname(target).toLowerCase()))
            problems.push({
              file,
              line: image.line,
              message: `định dạng hình ảnh không được hỗ trợ (${IMAGE_EXTENSIONS.join(", ")})`,
            });
        }
        checkedModule.lessons.push({
          file: lesson.file,
          source: l.source,
          slug: lesson.slug,
          id,
          position: lesson.position,
          meta: l.meta!,
          facts: l.facts,
          ok: l.ok && !!l.meta,
        });
      }
      checkedCourse.modules.push(checkedModule);
    }
    // Question banks, checked once every lesson slug of the course is known.
    const lessonSlugSet = new Set(lessonSlugs.keys());
    const badBanks = new Set<string>();
    const bankResult = (file: string, kind: "module" | "exam") => {
      const result = parseBank({ file, kind, lessonSlugs: lessonSlugSet });
      problems.push(...result.problems);
      if (result.problems.length) badBanks.add(file);
      return result.bank;
    };
    course.modules.forEach((mod, i) => {
      if (mod.quizFile) checkedCourse.modules[i]!.bank = bankResult(mod.quizFile, "module");
    });
    if (course.examFile) checkedCourse.exam = bankResult(course.examFile, "exam");
    const banks = [...checkedCourse.modules.map((m) => m.bank), checkedCourse.exam].filter((b): b is ParsedBank => !!b);
    problems.push(...duplicateIdProblems(banks));
    const fromModules = checkedCourse.exam?.settings.fromModules ?? 0;
    const moduleQuestions = checkedCourse.modules.reduce((n, m) => n + (m.bank?.questions.length ?? 0), 0);
    if (checkedCourse.exam && fromModules > moduleQuestions)
      problems.push({
        file: displayPath(checkedCourse.exam.file),
        line: 1,
        message: `“fromModules” là ${fromModules} nhưng các chương chỉ có ${moduleQuestions} câu`,
      });
    // Bank balance (app/content/quiz-balance.ts): reported, and a bank outside the limits fails the
    // check; it is still built, since it is well formed.
    const modulePool = checkedCourse.modules.flatMap((m) => m.bank?.questions ?? []);
    for (const bank of banks) {
      const balance = cachedBalance(root, usedBalances, {
        questions: bank.questions,
        settings: bank.settings,
        moduleQuestions: bank === checkedCourse.exam ? modulePool : undefined,
      });
      balances.push({ file: displayPath(bank.file), balance });
      const lineOf = new Map(bank.questions.map((q) => [q.id, q.line]));
      for (const p of balanceProblems(balance))
        problems.push({
          file: displayPath(bank.file),
          line: (p.questionId && lineOf.get(p.questionId)) || 1,
          message: p.message,
          rule: "bank-balance",
        });
    }
    // A bank with problems is not built: the previous good version stays in use.
    for (const m of checkedCourse.modules) if (m.bank && badBanks.has(m.bank.file)) m.bank = undefined;
    if (checkedCourse.exam && badBanks.has(checkedCourse.exam.file)) checkedCourse.exam = undefined;
    courses.push(checkedCourse);
  }

  saveCache(root, used);
  saveBalanceCache(root, usedBalances);
  problems.push(...internalLinkProblems(tree.courses, courses, termIds));
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { courses, glossary, problems, balances };
}

/** Links inside the platform must point at a page that exists. */
function internalLinkProblems(files: CourseFile[], courses: CheckedCourse[], termIds: Set<string>): Problem[] {
  const problems: Problem[] = [];
  const pages = new Set(["/", "/courses", "/glossary", "/search"]);
  for (const course of files) {
    pages.add(`/courses/${course.slug}`);
    for (const mod of course.modules)
      for (const lesson of mod.lessons) pages.add(`/courses/${course.slug}/${lesson.slug}`);
  }
  for (const course of courses) {
    for (const lesson of course.modules.flatMap((m) => m.lessons)) {
      for (const link of lesson.facts.links) {
        if (!link.url.startsWith("/") && !link.url.startsWith(".")) continue; // external or #anchor
        const file = displayPath(lesson.file);
        if (link.url.startsWith(".")) {
          problems.push({
            file,
            line: link.line,
            message: `liên kết nội bộ hãy viết dạng /courses/<khóa>/<bài>, không dùng đường dẫn tương đối: ${link.url}`,
          });
          continue;
        }
        const [pathPart, hash] = link.url.split("#");
        if (!pages.has(pathPart!.replace(/\/$/, "") || "/"))
          problems.push({ file, line: link.line, message: `liên kết nội bộ không tồn tại: ${link.url}` });
        else if (pathPart === "/glossary" && hash && !termIds.has(hash))
          problems.push({ file, line: link.line, message: `thuật ngữ không có trong bảng thuật ngữ: ${link.url}` });
      }
    }
  }
  return problems;
}

export function formatProblems(problems: Problem[]) {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n");
}

/**
 * The per-file rules for one lesson document that is not (yet) a file: the studio's preview, save and
 * publish. Same frontmatter schema, allow-list and NFC rules as content:check; glossary terms are
 * checked against the given ids (the stored glossary).
 */
export function checkLessonSource(options: {
  source: string;
  file: string;
  termIds: Set<string>;
  /** The /media/ URLs of the course's library that may be used (not retired). */
  mediaUrls?: Set<string>;
}) {
  const { source, file } = options;
  const problems = [...nfcProblems(source, file)];
  const fm = parseFrontmatter({ source, file, schema: LessonFrontmatter });
  problems.push(...fm.problems);
  const parsed = parseMdx(source, file);
  problems.push(...parsed.problems);
  let facts: MdxFacts = { links: [], images: [], termIds: [], reflectionIds: [], media: [] };
  if (parsed.tree) {
    const checked = checkMdxTree(parsed.tree, file);
    problems.push(...checked.problems);
    facts = checked.facts;
  }
  for (const term of facts.termIds)
    if (!options.termIds.has(term.id))
      problems.push({ file, line: term.line, message: `<Term id="${term.id}"> không có trong bảng thuật ngữ` });
  const media = options.mediaUrls ?? new Set<string>();
  for (const image of facts.images)
    if (image.url.startsWith("/") && !image.url.startsWith("//")) {
      // An absolute path is an upload of this course's library, nothing else on the site.
      if (!MEDIA_URL.image.test(image.url) || !media.has(image.url))
        problems.push({
          file,
          line: image.line,
          message: `hình ảnh ${image.url} không có trong thư viện tệp của khóa học (hãy tải ảnh lên ở trang “Thư viện tệp”)`,
        });
    } else if (/^[a-z]+:/i.test(image.url) || image.url.startsWith("//"))
      problems.push({
        file,
        line: image.line,
        message: "hình ảnh phải được tải lên hoặc nằm trong thư mục assets/ của khóa học, không lấy từ trang ngoài",
      });
  for (const item of facts.media)
    if (!media.has(item.url))
      problems.push({
        file,
        line: item.line,
        message: `tệp ${item.url} không có trong thư viện tệp của khóa học (hoặc đã bị gỡ)`,
      });
  problems.sort((a, b) => a.line - b.line);
  return { meta: fm.data, facts, problems };
}
