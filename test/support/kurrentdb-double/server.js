#!/usr/bin/env node
/**
 * `node test/support/kurrentdb-double/server.js --port N --data-dir DIR`: the KurrentDB double as a process, serving
 * any number of client processes from one durable log in DIR. Runs the TypeScript sources through the swc hook the
 * tests' child processes and the benchmarks use, so it needs no build. Prints `listening <connection string>` once
 * ready; SIGTERM/SIGINT stop it cleanly (SIGKILL loses nothing that was acknowledged).
 */
'use strict';
require('../swc-register.js');
require('./server-main.ts');
