import { prisma } from "~/db.server";

/**
 * Content only changes through content:build (often in another process), so what is derived
 * from it can be cached per build. The latest finished build id is read at most once a second.
 */
let latest: { id: number; checkedAt: number } | undefined;

export async function contentVersion(now = Date.now()) {
  if (!latest || now - latest.checkedAt > 1000) {
    const build = await prisma.contentBuild.findFirst({
      where: { finishedAt: { not: null } },
      orderBy: { id: "desc" },
      select: { id: true },
    });
    latest = { id: build?.id ?? 0, checkedAt: now };
  }
  return latest.id;
}

/** Memoises a content-derived value per key until the next content build. */
export function cachedPerBuild<T>(compute: (key: string) => Promise<T>) {
  const cache = new Map<string, { version: number; value: T }>();
  return async (key: string) => {
    const version = await contentVersion();
    const hit = cache.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = await compute(key);
    if (cache.size > 2000) cache.clear(); // bounded: a few variants per lesson
    cache.set(key, { version, value });
    return value;
  };
}

/** Called by a build in this process, so this process sees its own build at once. */
export function forgetContentVersion() {
  latest = undefined;
}
