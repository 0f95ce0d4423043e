// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// The timing loop of the Node.js peers, shaped like Google Benchmark's: warm up (2 s by default:
// the Hono app's events still got 2-5x faster between 0.5 s and 1.5 s of a hot loop on the
// suite's machine, as V8 optimised more of it), size a batch to last about `minTime` seconds,
// then time `repetitions` batches. Each repetition gives nanoseconds per operation twice: wall
// clock, and CPU time of the whole process (V8's compiler and garbage collector threads
// included: that work is part of the cost of running the code). The suite's report takes the
// median and the fastest, as it does for the C++ harnesses. Each harness runs one subject per
// process (see `isolated`): V8's feedback from one router or app must not slow down the next.

import { performance } from 'node:perf_hooks';

/** Reads `--min-time=`, `--warm-up=` (seconds), `--repetitions=` and `--out=` from the command line. */
export function options(argv = process.argv.slice(2)) {
  const get = (name, fallback) => {
    const arg = argv.find((a) => a.startsWith(`--${name}=`));
    return arg === undefined ? fallback : arg.slice(name.length + 3);
  };
  return {
    minTime: Number(get('min-time', '0.2')),
    warmUp: Number(get('warm-up', '2')),
    repetitions: Number(get('repetitions', '5')),
    out: get('out', ''),
    only: get('only', ''),
  };
}

/**
 * Runs this script once per subject, each in a fresh process with `--only=<subject>`, and
 * gathers their results; with `--only`, runs `run(subject)` for that subject alone.
 */
export async function isolated(subjects, run, opts = options()) {
  if (opts.only !== '') {
    await report([await run(opts.only)], opts.out);
    return;
  }
  const { spawnSync } = await import('node:child_process');
  const results = [];
  for (const subject of subjects) {
    const args = [...process.execArgv, process.argv[1],
                  ...process.argv.slice(2).filter((a) => !a.startsWith('--out=')), `--only=${subject}`];
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${subject}: the harness failed (exit ${child.status})`);
    results.push(...JSON.parse(child.stdout).benchmarks);
  }
  await report(results, opts.out);
}

/**
 * Times `batch(iterations)`, which must run `iterations` iterations of `opsPerIteration`
 * operations each and return something that depends on every result (it is kept, so that no
 * work can be dropped). Returns wall-clock and CPU nanoseconds per operation, one number per
 * repetition each.
 */
export async function measure(batch, { minTime, warmUp, repetitions }, opsPerIteration = 1) {
  let sink = 0;
  let cpu = 0;
  const timed = async (iterations) => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    sink ^= hash(await batch(iterations));
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpuStart);
    cpu = (used.user + used.system) / 1e6;
    return seconds;
  };
  // Warm up first, then size: a batch sized on cold code would be far too small. Double the
  // batch until it lasts a tenth of minTime and the warm-up has lasted long enough, then size
  // the timed batches on the last (warm) one.
  let iterations = 1;
  let seconds = await timed(iterations);
  for (let warm = seconds; warm < warmUp || seconds < minTime / 10; warm += seconds) {
    if (seconds < minTime / 10) iterations *= 2;
    seconds = await timed(iterations);
  }
  iterations = Math.max(1, Math.round((iterations * minTime) / seconds));
  const wall = [];
  const cpuPerOp = [];
  for (let r = 0; r < repetitions; ++r) {
    const s = await timed(iterations);
    wall.push((s * 1e9) / (iterations * opsPerIteration));
    cpuPerOp.push((cpu * 1e9) / (iterations * opsPerIteration));
  }
  kept.push(sink);
  return { ns_per_op: wall, cpu_ns_per_op: cpuPerOp, iterations };
}

const kept = [];

function hash(value) {
  if (typeof value === 'number') return value | 0;
  if (typeof value === 'string') return value.length;
  return value ? 1 : 0;
}

/** Writes the results: `{"context": {...}, "benchmarks": [...]}`, to `out` or stdout. */
export async function report(results, out) {
  const { writeFileSync } = await import('node:fs');
  const text = JSON.stringify({
    context: {
      node: process.version,
      v8: process.versions.v8,
      date: new Date().toISOString(),
    },
    benchmarks: results,
  }, null, 1);
  if (out) writeFileSync(out, text + '\n');
  else process.stdout.write(text + '\n');
}
