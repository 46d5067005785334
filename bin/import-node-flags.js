/**
 * The V8 flags `compensa import` runs with (bin/compensa.js; `npm run bench:import` measures its imports with the
 * same). An import allocates about 150 KB a reading and keeps what it needs live (RELIABILITY.md, import):
 * - a 16 MB semi-space: with V8's default young generation (up to 32 MB semi-spaces) what a chunk of 1,000 readings
 *   still holds is copied between them and promoted late, and the heap held grows past what is live (5,000 UCs × 60
 *   cycles, 4 pairs: a month 414–418 → 324–342 MB peak RSS at the same or better CPU);
 * - the old space grown to 1.5× the live heap before its next full collection instead of V8's default (up to 4×): the
 *   heap the import held grew with the file's length, garbage V8 had not collected yet (10,000 UCs × 60 cycles, two
 *   pairs alternated: four months of readings 714–847 → 491–497 MB peak RSS, a month 421–436 → 397–421 MB, for up
 *   to a tenth more CPU).
 * No cap on the old space: an import must not fail for the size of its portfolio.
 * Flags named on node's command line or in NODE_OPTIONS win.
 */
'use strict';

module.exports = { IMPORT_NODE_FLAGS: ['--max-semi-space-size=16', '--heap-growing-percent=50'] };
