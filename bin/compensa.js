#!/usr/bin/env node
// The `compensa` CLI: runs the compiled entry point (built by `npm ci` / `npm install` through `prepare`).
'use strict';
const { AUDIT_NODE_FLAGS } = require('./audit-node-flags');

// `compensa audit` runs in a node started with its V8 flags (bin/audit-node-flags.js), unless the flags came already
// (the command line or NODE_OPTIONS name them; the flags cannot be changed once node runs).
const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
if (process.argv[2] === 'audit' && !AUDIT_NODE_FLAGS.some((f) => given.includes(f.split('=')[0]))) {
  const { spawnSync } = require('node:child_process');
  const run = spawnSync(
    process.execPath,
    [...AUDIT_NODE_FLAGS, ...process.execArgv, __filename, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  if (run.error) throw run.error;
  if (run.signal) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
} else {
  require('../dist/apps/cli/src/main.js');
}
