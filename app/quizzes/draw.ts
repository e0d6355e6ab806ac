import type { QuizSettings } from "~/quizzes/settings";

/**
 * Drawing the questions of an attempt. Quotas by difficulty and tag are met first, the rest is
 * drawn from what is left; the exam adds `fromModules` questions from the module banks.
 * The random source is injectable so tests are deterministic.
 */

export type PoolQuestion = { id: string; type: string; difficulty: string; tags: string[]; options: { id: string }[] };
export type Random = () => number;

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function take(pool: PoolQuestion[], n: number, random: Random, taken: Set<string>) {
  const picked = shuffle(
    pool.filter((q) => !taken.has(q.id)),
    random,
  ).slice(0, n);
  for (const q of picked) taken.add(q.id);
  return picked;
}

export function drawQuestions(options: {
  own: PoolQuestion[];
  modules?: PoolQuestion[];
  settings: QuizSettings;
  random: Random;
}) {
  const { own, settings, random } = options;
  const draw = settings.draw;
  const total = Math.min(typeof draw === "number" ? draw : draw.count, own.length);
  const taken = new Set<string>();
  const picked: PoolQuestion[] = [];
  if (typeof draw === "object") {
    for (const [difficulty, n] of Object.entries(draw.byDifficulty ?? {}))
      picked.push(
        ...take(
          own.filter((q) => q.difficulty === difficulty),
          n ?? 0,
          random,
          taken,
        ),
      );
    for (const [tag, n] of Object.entries(draw.byTag ?? {}))
      picked.push(
        ...take(
          own.filter((q) => q.tags.includes(tag)),
          n,
          random,
          taken,
        ),
      );
  }
  picked.push(...take(own, total - picked.length, random, taken));
  if (settings.fromModules && options.modules)
    picked.push(...take(options.modules, settings.fromModules, random, taken));
  // Without shuffling, questions keep the bank's order (own questions' authoring order first).
  const order = settings.shuffleQuestions
    ? shuffle(picked, random)
    : [...own, ...(options.modules ?? [])].filter((q) => taken.has(q.id));
  return order.map((q) => ({
    questionId: q.id,
    optionOrder:
      q.type === "true_false"
        ? []
        : settings.shuffleOptions
          ? shuffle(
              q.options.map((o) => o.id),
              random,
            )
          : q.options.map((o) => o.id),
  }));
}

/** A small seeded generator (mulberry32), for reproducible draws in tests. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit FNV-1a hash of a string, to turn a seed phrase into a seed number. */
export function hashSeed(text: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The random source of one draw: seeded from `seed`, the quiz and the attempt number when a seed is
 * configured (tests), otherwise Math.random.
 */
export function drawRandom(options: { seed: number | undefined; quizId: string; attemptNumber: number }): Random {
  if (options.seed === undefined) return Math.random;
  return seededRandom(hashSeed(`${options.seed}:${options.quizId}:${options.attemptNumber}`));
}
