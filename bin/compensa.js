#!/usr/bin/env node
// The `compensa` CLI: runs the compiled entry point (built by `npm ci` / `npm install` through `prepare`).
require('../dist/apps/cli/src/main.js');
