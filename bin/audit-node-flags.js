/**
 * The V8 flags `compensa audit` runs with (bin/compensa.js; `npm run bench:audit` measures with the same). The audit
 * allocates fast and keeps little (under 64 MB of live heap at 1,000,000 events, measured), yet V8's defaults let
 * the young generation grow to 64 MB and the old one far past what is live: about 370 MB of peak RSS at 1M events
 * where these flags give about 275, at the same speed (issue 13: ≤ 300 MB). A larger log that needs more old space
 * is given it with NODE_OPTIONS=--max-old-space-size=N (the flags named there or on node's command line win).
 */
'use strict';

module.exports = { AUDIT_NODE_FLAGS: ['--max-semi-space-size=4', '--max-old-space-size=256'] };
