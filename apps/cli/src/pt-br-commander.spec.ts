import { CommanderError, Option } from 'commander';
import { COMMANDER_ERRORS_PT_BR, commanderMessagePtBr, compensaProgram } from './pt-br-commander';

/** A program like `compensa`'s, its output kept and its exits thrown (exitOverride), with subcommands added late. */
function program() {
  const out: string[] = [];
  const err: string[] = [];
  const p = compensaProgram('compensa')
    .version('1.2.3', '-V, --version', 'exibe a versão')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s), getOutHelpWidth: () => 120 });
  p.command('simulate')
    .description('executa um arquivo')
    .argument('<file>', 'o arquivo')
    .option('--strict', 'sai com 1')
    .action(() => undefined);
  const parked = p.command('parked').description('eventos parados');
  parked
    .command('resolve')
    .argument('<id>', 'o id')
    .requiredOption('--reason <text>', 'o motivo')
    .option('--data-dir <dir>', 'o diretório', './data')
    .action(() => undefined);
  p.command('serve')
    .addOption(new Option('--role <role>', 'o papel').choices(['all', 'api', 'worker']).env('PAPEL'))
    .option('--only <a>', 'um')
    .option('--except <b>', 'outro')
    .action(() => undefined);
  (p.commands.find((c) => c.name() === 'serve')!.options.at(-1) as Option).conflicts('only');
  return { p, out, err };
}

/** Runs argv; the CommanderError commander ended with, and what it wrote. */
function run(...argv: string[]) {
  const { p, out, err } = program();
  try {
    p.parse(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    return { error: e, out: out.join(''), err: err.join('') };
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('commander in pt-BR (pt-br-commander.ts)', () => {
  it.each([
    [['--bogus'], 'commander.unknownOption', "erro: opção desconhecida '--bogus'"],
    [['--versio'], 'commander.unknownOption', "erro: opção desconhecida '--versio'\n(Você quis dizer --version?)"],
    [['bogus'], 'commander.unknownCommand', "erro: comando desconhecido 'bogus'"],
    [['parke'], 'commander.unknownCommand', "erro: comando desconhecido 'parke'\n(Você quis dizer parked?)"],
    [['simulate'], 'commander.missingArgument', "erro: falta o argumento obrigatório 'file'"],
    [
      ['simulate', 'a', 'b'],
      'commander.excessArguments',
      "erro: argumentos demais para 'simulate': aceita 1 argumento, recebeu 2",
    ],
    [
      ['parked', 'resolve', 'x', '--data-dir'],
      'commander.optionMissingArgument',
      "erro: falta o valor da opção '--data-dir <dir>'",
    ],
    [
      ['parked', 'resolve', 'x'],
      'commander.missingMandatoryOptionValue',
      "erro: falta a opção obrigatória '--reason <text>'",
    ],
    [
      ['serve', '--role', 'x'],
      'commander.invalidArgument',
      "erro: valor inválido 'x' para a opção '--role <role>'. Valores aceitos: all, api, worker.",
    ],
    [
      ['serve', '--only', '1', '--except', '2'],
      'commander.conflictingOption',
      "erro: a opção '--except <b>' não pode ser usada com a opção '--only <a>'",
    ],
  ])('%j: %s in pt-BR, exit 1', (argv, code, message) => {
    const { error, err } = run(...argv);
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(message);
    // Written once, in pt-BR only (no help after it: showHelpAfterError is not set here).
    expect(err).toBe(`${message}\n`);
  });

  it('the value of an option from its environment variable, refused in pt-BR', () => {
    process.env.PAPEL = 'x';
    try {
      expect(run('serve').error.message).toBe(
        "erro: valor inválido 'x' na variável de ambiente 'PAPEL' (opção '--role <role>'). Valores aceitos: all, api, worker.",
      );
    } finally {
      delete process.env.PAPEL;
    }
  });

  it("every code of the table has a translation, and a code or a text it does not know keeps commander's", () => {
    expect(commanderMessagePtBr('commander.error', 'something else')).toBe('something else');
    expect(commanderMessagePtBr(undefined, 'a message of our own')).toBe('a message of our own');
    expect(commanderMessagePtBr('commander.unknownOption', 'error: a wording of another version')).toBe(
      'error: a wording of another version',
    );
    expect(
      commanderMessagePtBr('commander.excessArguments', 'error: too many arguments. Expected 0 arguments but got 1.'),
    ).toBe('erro: argumentos demais: aceita 0 argumentos, recebeu 1');
    expect(
      commanderMessagePtBr(
        'commander.invalidArgument',
        "error: command-argument value 'x' is invalid for argument 'n'. Not a number.",
      ),
    ).toBe("erro: valor inválido 'x' para o argumento 'n'. Not a number.");
    expect(Object.keys(COMMANDER_ERRORS_PT_BR)).toHaveLength(8);
  });

  it('the help of the program and of a subcommand added after it: pt-BR titles, usage, help option and command', () => {
    const help = run('--help');
    expect(help.error.code).toBe('commander.helpDisplayed');
    expect(help.error.exitCode).toBe(0);
    expect(help.out).toBe(
      [
        'Uso: compensa [opções] [comando]',
        '',
        'Opções:',
        '  -V, --version             exibe a versão',
        '  -h, --help                exibe a ajuda do comando',
        '',
        'Comandos:',
        '  simulate [opções] <file>  executa um arquivo',
        '  parked                    eventos parados',
        '  serve [opções]',
        '  help [comando]            exibe a ajuda de um comando',
        '',
      ].join('\n'),
    );
    const sub = run('parked', 'resolve', '--help');
    expect(sub.error.exitCode).toBe(0);
    expect(sub.out).toBe(
      [
        'Uso: compensa parked resolve [opções] <id>',
        '',
        'Argumentos:',
        '  id                o id',
        '',
        'Opções:',
        '  --reason <text>   o motivo',
        '  --data-dir <dir>  o diretório (padrão: "./data")',
        '  -h, --help        exibe a ajuda do comando',
        '',
      ].join('\n'),
    );
    expect(run('serve', '--help').out).toContain(
      '--role <role>  o papel (valores: "all", "api", "worker", variável de ambiente: PAPEL)',
    );
    expect(run('--version')).toMatchObject({ out: '1.2.3\n', error: { code: 'commander.version', exitCode: 0 } });
  });
});
