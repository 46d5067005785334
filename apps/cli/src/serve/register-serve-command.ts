import { Option, type Command } from 'commander';
import { SERVE_ROLES, loadConfig, type ServeRole } from '../../../api/src/config';

/**
 * Adds `compensa serve [--role all|api|worker]`: the platform from the environment (the variables of README
 * "Configuration"), running what the role says; the flag overrides COMPENSA_ROLE. `npm start` is `--role all`.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('executa a plataforma: a API e os processos (all), só a API HTTP (api) ou só os processos (worker)')
    .addOption(
      new Option('--role <role>', 'o que este processo executa (padrão: COMPENSA_ROLE, senão all)').choices(
        SERVE_ROLES,
      ),
    )
    .action(async (options: { role?: ServeRole }) => {
      const config = loadConfig({ ...process.env, ...(options.role ? { COMPENSA_ROLE: options.role } : {}) });
      // Loaded here: the other commands need neither Nest nor the API's modules.
      const { serve } = await import('../../../api/src/serve');
      await serve(config);
    });
}
