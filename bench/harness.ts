/**
 * A tiny benchmark harness: warm up, run for a fixed time, report ops/s and per-op p50/p99.
 * Results are compared side by side within one run (never against stored numbers).
 * CPU µs/op (process.cpuUsage over the loop, so it includes any in-process server) is printed
 * next to them: on a shared machine wall-clock rates swing with other processes' load, while
 * CPU time per op mostly does not.
 */
export interface Result {
  name: string;
  opsPerSec: number;
  p50us: number;
  p99us: number;
  samples: number;
  /** CPU time of this process per op, user + system (absent for out-of-process rows). */
  cpuUsPerOp?: number;
}

export async function measure(name: string, fn: () => unknown, { warmupMs = 300, durationMs = 1500 } = {}): Promise<Result> {
  const stopWarm = performance.now() + warmupMs;
  while (performance.now() < stopWarm) await fn();
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const stop = start + durationMs;
  let now = start;
  while (now < stop) {
    const t0 = performance.now();
    await fn();
    now = performance.now();
    times.push(now - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ...summarize(name, times, now - start), cpuUsPerOp: (cpu.user + cpu.system) / times.length };
}

/**
 * Several rows measured in alternating rounds after each is warmed up, samples pooled per row:
 * no row is favoured by running first (JIT and heap growth still going) or last, and a burst of
 * load from other processes is shared by all rows instead of landing on one.
 */
export async function measureInterleaved(rows: [string, () => unknown][], { warmupMs = 300, durationMs = 1500, rounds = 5 } = {}): Promise<Result[]> {
  for (const [, fn] of rows) {
    const stopWarm = performance.now() + warmupMs;
    while (performance.now() < stopWarm) await fn();
  }
  const pooled = rows.map(() => ({ times: [] as number[], elapsed: 0, cpu: 0 }));
  const slice = durationMs / rounds;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < rows.length; i++) {
      const fn = rows[i]![1];
      const acc = pooled[i]!;
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      let now = start;
      while (now < start + slice) {
        const t0 = performance.now();
        await fn();
        now = performance.now();
        acc.times.push(now - t0);
      }
      const cpu = process.cpuUsage(cpu0);
      acc.elapsed += now - start;
      acc.cpu += cpu.user + cpu.system;
    }
  }
  return rows.map(([name], i) => {
    const acc = pooled[i]!;
    return { ...summarize(name, acc.times, acc.elapsed), cpuUsPerOp: acc.cpu / acc.times.length };
  });
}

export function summarize(name: string, timesMs: number[], elapsedMs: number): Result {
  const sorted = [...timesMs].sort((a, b) => a - b);
  const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { name, opsPerSec: (timesMs.length / elapsedMs) * 1000, p50us: q(0.5) * 1000, p99us: q(0.99) * 1000, samples: timesMs.length };
}

/** Prints rows with the ratio of each to the first (the SDK) in the group. */
export function printGroup(title: string, rows: (Result | { name: string; skipped: string })[]): void {
  console.log(`\n## ${title}`);
  console.log(
    `${"implementation".padEnd(34)} ${"ops/s".padStart(10)} ${"p50 µs".padStart(9)} ${"p99 µs".padStart(9)} ${"CPU µs/op".padStart(10)}  ratio (ours ÷ this)`,
  );
  const ours = rows[0] && "opsPerSec" in rows[0] ? rows[0] : undefined;
  for (const r of rows) {
    if (!("opsPerSec" in r)) {
      console.log(`${r.name.padEnd(34)} skipped: ${r.skipped}`);
      continue;
    }
    const ratio = ours && r !== ours ? `${(ours.opsPerSec / r.opsPerSec).toFixed(2)}×` : "";
    const cpu = r.cpuUsPerOp === undefined ? "" : r.cpuUsPerOp.toFixed(1);
    // Out-of-process rows may report a rate only: their latencies print blank.
    const us = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : "");
    console.log(
      `${r.name.padEnd(34)} ${r.opsPerSec.toFixed(0).padStart(10)} ${us(r.p50us).padStart(9)} ${us(r.p99us).padStart(9)} ${cpu.padStart(10)}  ${ratio}`,
    );
  }
}
