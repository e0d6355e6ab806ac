/**
 * Top self-time functions of a V8 CPU profile (`node --cpu-prof`, e.g. `CPU_PROF=1 npm run bench`):
 * `npx tsx tests/bench/profile-top.ts /tmp/prof/<file>.cpuprofile [count]`. Idle and GC are listed
 * like any other entry, so the shares add up to the whole run.
 */
import fs from "node:fs";

import { z } from "zod";

import { parseJson } from "~/utils/json";

// The parts of V8's .cpuprofile format this report reads.
const ProfileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
});
const [file, count = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-top.ts <file.cpuprofile> [count]");
const profile = parseJson(ProfileSchema, fs.readFileSync(file, "utf8"), file);
const hits = new Map<number, number>();
for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
const byName = new Map<string, number>();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/build\//, "build/")}:${lineNumber + 1}`
    : "";
  const key = `${functionName || "(anonymous)"} ${where}`;
  byName.set(key, (byName.get(key) ?? 0) + (hits.get(node.id) ?? 0));
}
const total = profile.samples.length;
const byPackage = new Map<string, number>();
for (const [key, n] of byName) {
  const m = key.match(/ ((?:@[^/]+\/)?[^/:]+)\//);
  const pkg = key.startsWith("(") ? key.split(" ")[0]! : (m?.[1] ?? "node/other");
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
}
console.log(`${total} samples`);
for (const [key, n] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, Number(count)))
  console.log(`${((n / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
console.log("-- by package");
for (const [key, n] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`${((n / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
