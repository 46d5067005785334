/**
 * `node --require ./test/support/swc-register.js file.ts`: runs TypeScript sources directly, transpiled by @swc/core
 * with the same settings as jest, and resolves the `@compensa/*` path aliases of tsconfig.base.json.
 * Used by child processes of integration tests and by the benchmarks, so they run the real sources without a build.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const alias = /^@compensa\/(domain|event-store|projections|application)(?:\/(.*))?$/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  const match = alias.exec(request);
  const target = match ? path.join(root, 'libs', match[1], 'src', match[2] ?? 'index') : request;
  return resolveFilename.call(this, target, ...rest);
};

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
