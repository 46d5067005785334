import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where `vite build --config apps/dashboard/vite.config.ts` writes the dashboard, from the repository root. */
export const DASHBOARD_BUILD_DIR = join('dist', 'dashboard');

/**
 * The built dashboard's directory: DASHBOARD_DIR if set, else `dist/dashboard` under the first ancestor of this
 * file that has one (the same answer from the sources under jest and from dist/ once built); null when not built.
 */
export function findDashboardDir(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string | null {
  if (env.DASHBOARD_DIR) return existsSync(join(env.DASHBOARD_DIR, 'index.html')) ? env.DASHBOARD_DIR : null;
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, DASHBOARD_BUILD_DIR);
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}
