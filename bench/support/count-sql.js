/**
 * `NODE_OPTIONS="--require ./bench/support/count-sql.js" npm run bench:import`: counts the node:sqlite statements each
 * process runs (by kind and SQL) and prints them to stderr as it exits: an exact measure of a change that saves
 * statements, where CPU time on a shared machine moves by more than the change.
 */
'use strict';
const counts = new Map();
// npm itself runs on whatever node is first on the PATH (it may have no node:sqlite): nothing to count there.
const { StatementSync } = process.getBuiltinModule?.('node:sqlite') ?? {};
for (const method of StatementSync ? ['run', 'get', 'all', 'iterate'] : []) {
  const original = StatementSync.prototype[method];
  StatementSync.prototype[method] = function counted(...parameters) {
    const key = `${method} ${this.sourceSQL.replace(/\s+/g, ' ').slice(0, 70)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return original.apply(this, parameters);
  };
}

process.on('exit', () => {
  if (counts.size === 0) return;
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const lines = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25);
  process.stderr.write(`SQLite statements run by process ${process.pid}: ${total}\n`);
  for (const [key, n] of lines) process.stderr.write(`${String(n).padStart(9)} ${key}\n`);
});
