/**
 * The V8 flags `compensa import` runs with (bin/compensa.js; `npm run bench:import` measures its imports with the
 * same). An import allocates about 150 KB a reading and keeps its UCs' states: with V8's default young generation
 * (up to 32 MB semi-spaces) what a chunk of 1,000 readings still holds is copied between them and promoted late, and
 * the heap held grows past what is live. A 16 MB semi-space, measured on 5,000 UCs × 60 cycles (2026-12-04, 4 pairs
 * alternated, load 3.3–4.0 on 2 shared cores): a month of 4,500 readings 414–418 → 324–342 MB peak RSS and 1,273–1,368
 * → 1,351–1,469 readings per CPU-second (better in each pair); four months of 20,000 readings 602–605 → 548–574 MB,
 * the same CPU (1,868–1,999 against 1,627–2,020). No cap on the old space: the states of 100,000 UCs need it.
 * Flags named on node's command line or in NODE_OPTIONS win.
 */
'use strict';

module.exports = { IMPORT_NODE_FLAGS: ['--max-semi-space-size=16'] };
