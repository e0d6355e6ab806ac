/**
 * A first-in, first-out queue running at most `concurrency` jobs at once. All MDX compilation
 * goes through one of these: esbuild and React rendering are memory-hungry on a 2-core machine.
 */
export function createQueue(concurrency = 1) {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    if (running >= concurrency) return;
    const start = waiting.shift();
    if (start) {
      running++;
      start();
    }
  };
  return {
    run<T>(job: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push(() => {
          job()
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        });
        next();
      });
    },
  };
}

/** The one compile queue of this process. */
export const compileQueue = createQueue(1);
