// yarn bench:instructions [--from 20] [--to 60] [--repeat 3]
//
// Instructions per span, counted by valgrind's callgrind, for OTLP/JSON
// ingest without HTTP and the database (decoding by name, pairing, the
// trace buffer, aggregation) and for JSON.parse alone on the same payload,
// and their ratio. The ingest count barely moves with other load on the
// machine, where bench:ingest's rates can swing by half between runs a
// minute apart: it is the figure to compare two versions of the code with.
// JSON.parse's count sits at one of two levels (about 28,000 and 44,000 per
// span here) as the collector, whose heuristics read the clock, schedules
// its work under valgrind, so the ratio is only indicative. Not a rate, and
// HTTP and SQLite are left out (see bench:ingest and bench:pipeline).
//
// Each mode runs for --from and for --to requests; the difference, per
// span, is the cost of warmed-up requests with start-up and JIT warm-up
// cancelled out; the median of --repeat such differences is printed. Needs
// valgrind (Debian's package); takes about 20 minutes with the defaults.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SPANS_PER_REQUEST = 1000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? '' : fallback;
}

/** Instructions the worker executed, in `mode`, for `requests` requests. */
async function instructions(mode: string, requests: number): Promise<number> {
  const { stderr } = await run(
    'valgrind',
    [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      process.execPath,
      // Compiles on the main thread: the same work in every run.
      '--single-threaded',
      '--import',
      'tsx',
      join(__dirname, 'instructionsWorker.ts'),
      mode,
      String(requests),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const collected = /Collected : (\d+)/.exec(stderr);
  if (!collected)
    throw new Error(`no instruction count from valgrind:\n${stderr}`);
  return Number(collected[1]);
}

/**
 * Instructions per span of warmed-up requests in `mode`: the counts for
 * `to` and `from` requests, differenced, `repeat` times. A collection or a
 * compilation landing in one run and not in the other moves one difference
 * by up to a third, so the median is the figure and the spread is shown.
 */
async function perSpan(
  mode: string,
  options: { from: number; to: number; repeat: number },
): Promise<{ median: number; min: number; max: number }> {
  const { from, to, repeat } = options;
  const differences: number[] = [];
  for (let i = 0; i < repeat; i++) {
    // Two at a time: this machine's two cores.
    const [low, high] = await Promise.all([
      instructions(mode, from),
      instructions(mode, to),
    ]);
    differences.push((high - low) / ((to - from) * SPANS_PER_REQUEST));
  }
  differences.sort((a, b) => a - b);
  return {
    median: differences[Math.floor(differences.length / 2)],
    min: differences[0],
    max: differences[differences.length - 1],
  };
}

async function main() {
  const options = {
    from: Number(arg('from', '20')),
    to: Number(arg('to', '60')),
    repeat: Number(arg('repeat', '3')),
  };
  const parse = await perSpan('parse', options);
  const copy = await perSpan('copy', options);
  const ingest = await perSpan('ingest', options);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const spread = (r: { min: number; max: number }, less = 0) =>
    `(${fmt(r.min - less)}–${fmt(r.max - less)} in ${options.repeat} runs)`;
  const ingestOnly = ingest.median - copy.median;
  console.log(
    `requests ${options.from + 1}–${
      options.to
    } of 1,000 spans each, median of ${
      options.repeat
    } (valgrind --tool=callgrind, node --single-threaded)`,
  );
  console.log(
    `JSON.parse alone             ${fmt(parse.median).padStart(
      7,
    )} instructions/span ${spread(parse)}`,
  );
  console.log(
    `OTLP JSON ingest, no HTTP/DB ${fmt(ingestOnly).padStart(
      7,
    )} instructions/span ${spread(ingest, copy.median)}  ${(
      parse.median / ingestOnly
    ).toFixed(2)}x JSON.parse`,
  );
  console.log(
    `(copying each request into the reused body, ${fmt(
      copy.median,
    )}/span, is left out of ingest)`,
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
