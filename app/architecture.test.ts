import fs from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

/**
 * The import arrows between app/ folders point one way (README, "Layout"). A new import that
 * closes a cycle or reaches up a layer fails here, naming the file.
 */

const APP = path.resolve("app");
const IGNORED = new Set(["generated", "styles"]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return IGNORED.has(entry.name) ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** "auth" for app/auth/…, "db.server" for app/db.server.ts. */
const folderOf = (file: string) =>
  path
    .relative(APP, file)
    .split(path.sep)[0]!
    .replace(/\.tsx?$/, "");

const imports = sourceFiles(APP).flatMap((file) =>
  [...fs.readFileSync(file, "utf8").matchAll(/from "~\/([^"/]+)[^"]*"/g)].map((m) => ({
    file: path.relative(APP, file),
    from: folderOf(file),
    to: m[1]!.replace(/\.tsx?$/, ""),
  })),
);
const crossing = imports.filter((i) => i.from !== i.to && i.to !== "generated");

describe("dependency direction", () => {
  test("utils/ is the bottom layer: generic helpers that import no other app folder", () => {
    expect(crossing.filter((i) => i.from === "utils").map((i) => `${i.file} → ${i.to}`)).toEqual([]);
  });

  test("no domain or component imports a route", () => {
    expect(crossing.filter((i) => i.to === "routes").map((i) => i.file)).toEqual([]);
  });

  test("components import only server-free modules (and types)", () => {
    const offenders = imports.filter((i) => {
      if (i.from !== "components") return false;
      const line = fs.readFileSync(path.join(APP, i.file), "utf8");
      return new RegExp(`^import (?!type )[^\\n]*"~/${i.to}/[^"]*\\.server"`, "m").test(line);
    });
    expect(offenders.map((i) => `${i.file} → ${i.to}`)).toEqual([]);
  });

  test("the folders form no cycle", () => {
    const edges = new Map<string, Set<string>>();
    for (const i of crossing) edges.set(i.from, new Set([...(edges.get(i.from) ?? []), i.to]));
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (trail.includes(node)) return void cycles.push([...trail.slice(trail.indexOf(node)), node].join(" → "));
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    const example = (cycle: string) => {
      const [a, b] = cycle.split(" → ");
      return `${cycle} (e.g. ${crossing.find((i) => i.from === a && i.to === b)?.file})`;
    };
    expect([...new Set(cycles)].map(example)).toEqual([]);
  });
});
