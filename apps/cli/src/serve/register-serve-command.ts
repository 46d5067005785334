import { Option, type Command } from 'commander';
import { SERVE_ROLES, loadConfig, type ServeRole } from '../../../api/src/config';

/**
 * Adds `compensa serve [--role all|api|worker]`: the platform from the environment (the variables of README
 * "Configuration"), running what the role says; the flag overrides COMPENSA_ROLE. `npm start` is `--role all`.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the platform: the API and the workers (all), the HTTP API only (api), or the workers (worker)')
    .addOption(
      new Option('--role <role>', 'what this process runs (default: COMPENSA_ROLE, else all)').choices(SERVE_ROLES),
    )
    .action(async (options: { role?: ServeRole }) => {
      const config = loadConfig({ ...process.env, ...(options.role ? { COMPENSA_ROLE: options.role } : {}) });
      // Loaded here: the other commands need neither Nest nor the API's modules.
      const { serve } = await import('../../../api/src/serve');
      await serve(config);
    });
}
