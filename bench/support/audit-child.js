/**
 * One audit of bench:audit, measured in a process of its own (so that its peak RSS is its own): `node [--require
 * swc-register] audit-child.js MODULE DIR KEYS FORMAT`, MODULE being the CLI's audit command (its sources, or its
 * build). Plain JavaScript: run on the build, nothing but the CLI is loaded, as `compensa audit` runs. Prints one JSON
 * line: exit code, wall and CPU ms, peak RSS.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

async function main() {
  const [module, dir, keys, format] = process.argv.slice(2);
  const { runAudit } = require(module);
  const before = process.resourceUsage();
  const cpuBefore = (before.userCPUTime + before.systemCPUTime) / 1000;
  const started = performance.now();
  const out = join(dir, `report.${format}`);
  const code = await runAudit({
    all: true,
    dataDir: dir,
    format,
    out,
    publicKey: join(keys, 'signing.key.pub'),
    witness: join(keys, 'witness.jsonl'),
  });
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000 - cpuBefore;
  // Where the memory is at the end (MB): V8's heap, and outside it.
  const m = process.memoryUsage();
  const mb = (n) => Math.round(n / 2 ** 20);
  const h = require('node:v8').getHeapStatistics();
  const end = {
    rss: mb(m.rss),
    heapTotal: mb(m.heapTotal),
    heapUsed: mb(m.heapUsed),
    external: mb(m.external),
    peakMalloced: mb(h.peak_malloced_memory),
    // BENCH_AUDIT_WHY on Linux: the resident memory by mapping (anonymous, or the file mapped).
    ...(process.env.BENCH_AUDIT_WHY ? { maps: residentByMapping() } : {}),
  };
  // BENCH_AUDIT_WHY: the checks' counts and the first mismatch of a failed audit (JSON report only).
  const first = process.env.BENCH_AUDIT_WHY && format === 'json' ? await summaryAndFirstMismatch(out) : undefined;
  process.stdout.write(`${JSON.stringify({ code, ms, cpuMs, maxRssMb: usage.maxRSS / 1024, first, end })}\n`);
}

/**
 * The report's `summary` and first mismatch, read line by line: the report of a large log is a gigabyte, more than a
 * string holds. Its top-level members start at two spaces' indent, an element of their arrays at four.
 */
async function summaryAndFirstMismatch(path) {
  const { createReadStream } = require('node:fs');
  const { createInterface } = require('node:readline');
  let section = null;
  let summary = '';
  let mismatch = '';
  let mismatchDone = false;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    const member = /^  "([^"]+)": (.*)$/.exec(line);
    if (member) {
      section = member[1];
      if (section === 'summary') summary = member[2];
      if (section === 'mismatches' && member[2] !== '[') mismatchDone = true; // `[]`: none
      continue;
    }
    if (section === 'summary') summary += `\n${line}`;
    else if (section === 'mismatches' && !mismatchDone) {
      if (line === '  ]') mismatchDone = true;
      else {
        mismatch += `\n${line}`;
        if (line === '    }' || line === '    },') mismatchDone = true;
      }
    }
  }
  return {
    summary: JSON.parse(summary.replace(/,$/, '')),
    first: mismatch === '' ? undefined : JSON.parse(mismatch.replace(/,$/, '')),
  };
}

/** /proc/self/smaps summed by mapping name, the ten largest (MB). */
function residentByMapping() {
  const by = new Map();
  let name = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) name = head[1] || '[anon]';
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) by.set(name, (by.get(name) ?? 0) + Number(rss[1]) / 1024);
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([n, v]) => `${n.split('/').pop()}: ${Math.round(v)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
