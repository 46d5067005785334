import { readFileSync } from 'node:fs';

/**
 * axe-core's browser script, or null when the package is not installed (the lead adds it: `axe-core` as a
 * devDependency). The accessibility checks run once it is there and are skipped, saying so, until then.
 */
export function axeSource(): string | null {
  try {
    return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return null;
  }
}
