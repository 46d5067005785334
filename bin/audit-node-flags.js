/**
 * The V8 flags `compensa audit` runs with (bin/compensa.js; `npm run bench:audit` measures with the same). The audit
 * allocates fast and keeps little: with V8's default young generation (grown to 64 MB for throughput) its peak RSS
 * is about 150 MB higher for no speed; 4 MB semi-spaces keep it within the 300 MB of issue 13 at 1,000,000 events.
 */
'use strict';

module.exports = { AUDIT_NODE_FLAGS: ['--max-semi-space-size=4'] };
