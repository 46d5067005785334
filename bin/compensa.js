#!/usr/bin/env node
// The `compensa` CLI: runs the compiled entry point (built by `npm ci` / `npm install` through `prepare`).
'use strict';
const { AUDIT_NODE_FLAGS, AUDIT_ENV } = require('./audit-node-flags');
const { IMPORT_NODE_FLAGS } = require('./import-node-flags');

// `compensa audit` and `compensa import` run in a node started with their V8 flags (bin/audit-node-flags.js,
// bin/import-node-flags.js), but for those already named on node's command line or in NODE_OPTIONS (V8's heap cannot
// be resized once node runs), and with their environment (AUDIT_ENV: read by the C library as the process starts),
// but for variables already set.
const RUNTIME = {
  audit: { flags: AUDIT_NODE_FLAGS, env: AUDIT_ENV },
  import: { flags: IMPORT_NODE_FLAGS, env: {} },
};
const runtime = Object.hasOwn(RUNTIME, process.argv[2]) ? RUNTIME[process.argv[2]] : null;
const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
const missing = runtime ? runtime.flags.filter((f) => !given.includes(f.split('=')[0])) : [];
const unset = runtime ? Object.keys(runtime.env).filter((k) => process.env[k] === undefined) : [];
if (missing.length > 0 || unset.length > 0) {
  const { spawnSync } = require('node:child_process');
  const run = spawnSync(process.execPath, [...missing, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...runtime.env, ...process.env },
  });
  if (run.error) throw run.error;
  if (run.signal) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
} else {
  require('../dist/apps/cli/src/main.js');
}
