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
  // BENCH_AUDIT_WHY: the checks' counts and the first mismatch of a failed audit (JSON report only).
  const first =
    process.env.BENCH_AUDIT_WHY && format === 'json'
      ? (({ summary, mismatches }) => ({ summary, first: mismatches[0] }))(JSON.parse(readFileSync(out, 'utf8')))
      : undefined;
  process.stdout.write(`${JSON.stringify({ code, ms, cpuMs, maxRssMb: usage.maxRSS / 1024, first })}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
