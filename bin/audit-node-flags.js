/**
 * The V8 flags `compensa audit` runs with (bin/compensa.js; `npm run bench:audit` measures with the same). The audit
 * allocates fast and keeps little (under 64 MB of live heap at 1,000,000 events, measured), yet V8's defaults let
 * the young generation grow to 64 MB and the old one far past what is live: about 370 MB of peak RSS at 1M events
 * where these flags give about 275, at the same speed (issue 13: ≤ 300 MB). A larger log that needs more old space
 * is given it with NODE_OPTIONS=--max-old-space-size=N (the flags named there or on node's command line win).
 * A 16 MB semi-space rather than 4: with 4 the scavenger ran about every 4 MB allocated and promoted what a stream's
 * replay still held into the old space; measured on the same code (2026-12-04, a loaded 2-core machine, so one run
 * each) 16 took a third less CPU and less peak RSS: 40 vs 60 CPU s and 269 vs 307 MB at 255,614 events, 160 vs 238
 * CPU s and 354 vs 394 MB at 1,022,605 (there with MALLOC_ARENA_MAX=2 both).
 */
'use strict';

/**
 * The environment it runs with, but for variables already set. MALLOC_ARENA_MAX=2: glibc gives each thread that
 * allocates (V8's GC helpers, libuv's pool writing the report) an arena of its own that keeps freed memory resident;
 * two arenas cut the audit's RSS outside the V8 heap (250,000 events: 307 → 245 MB peak, 280 → 192 MB at the end).
 * Other C libraries ignore it.
 */
const AUDIT_ENV = { MALLOC_ARENA_MAX: '2' };

module.exports = { AUDIT_NODE_FLAGS: ['--max-semi-space-size=16', '--max-old-space-size=256'], AUDIT_ENV };
