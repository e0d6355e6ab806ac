import { z } from "zod";

import { CompletionRule } from "~/content/frontmatter.server";
import { parseJson, StringListSchema } from "~/utils/json";

/**
 * The JSON that content:build stores as text in course, lesson and build rows, each with its
 * schema and its one reader.
 */

const HeadingsSchema = z.array(
  z.object({ depth: z.union([z.literal(2), z.literal(3)]), text: z.string(), id: z.string() }),
);

/** Course.objectives, Course.tags, Lesson.objectives, Lesson.tags. */
export const readStringList = (json: string) => parseJson(StringListSchema, json, "content string list");
/** Lesson.headings: the table of contents. */
export const readHeadings = (json: string) => parseJson(HeadingsSchema, json, "Lesson.headings");
/** Course.completionRule. */
export const readCompletionRule = (json: string) => parseJson(CompletionRule, json, "Course.completionRule");
/** ContentBuild.problems: "file:line: message" lines. */
export const readBuildProblems = (json: string) => parseJson(StringListSchema, json, "ContentBuild.problems");
