#!/usr/bin/env node
// The `compensa` CLI: runs the compiled entry point (built by `npm ci` / `npm install` through `prepare`).
'use strict';
const { AUDIT_NODE_FLAGS, AUDIT_ENV } = require('./audit-node-flags');

// `compensa audit` runs in a node started with its V8 flags (bin/audit-node-flags.js), but for those already named
// on node's command line or in NODE_OPTIONS (V8's heap cannot be resized once node runs), and with its environment
// (AUDIT_ENV: read by the C library as the process starts), but for variables already set.
const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
const missing = AUDIT_NODE_FLAGS.filter((f) => !given.includes(f.split('=')[0]));
const unset = Object.keys(AUDIT_ENV).filter((k) => process.env[k] === undefined);
if (process.argv[2] === 'audit' && (missing.length > 0 || unset.length > 0)) {
  const { spawnSync } = require('node:child_process');
  const run = spawnSync(process.execPath, [...missing, ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...AUDIT_ENV, ...process.env },
  });
  if (run.error) throw run.error;
  if (run.signal) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
} else {
  require('../dist/apps/cli/src/main.js');
}
