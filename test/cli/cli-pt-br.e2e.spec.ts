/**
 * The built CLI (bin/compensa.js) speaks pt-BR: the help of the program and of every command it lists (found by
 * walking the help, so a command added later is checked too) has commander's titles and its own descriptions in
 * pt-BR, and commander's errors are pt-BR with commander's exit code (1; `compensa audit`'s own: 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(__dirname, '..', '..', 'bin', 'compensa.js');
const compensa = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

/** commander's English, which must not be left anywhere in a help. */
const COMMANDER_ENGLISH = [
  'Usage:',
  'Options:',
  'Commands:',
  'Arguments:',
  'Global Options:',
  'display help for command',
  'output the version number',
  '[options]',
  '[command]',
  'default:',
  'choices:',
  'preset:',
  'env:',
];

/**
 * English words a description left untranslated would show; none of them a pt-BR word (so not "a", "no", "do", "as",
 * nor "for": "se ela ainda for recusada").
 */
const ENGLISH_WORDS = new Set(
  (
    'the of and or to with from by in on at is are be it its this that each every only one when which into ' +
    'instead not default choices display print run write read output usage options command commands arguments help ' +
    'version file directory event events stream streams key replay rebuild records parked resolved skip keep where'
  ).split(' '),
);

const TITLES = new Set(['Argumentos:', 'Opções:', 'Opções globais:', 'Comandos:']);

/** The text of a help's descriptions: every line but the usage and the titles, without the terms of its items. */
function descriptions(help: string): string[] {
  return help
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Uso: ') && !TITLES.has(line))
    .map((line) =>
      /^ {2}\S/.test(line)
        ? line
            .trim()
            .split(/\s{2,}/)
            .slice(1)
            .join(' ')
        : line.trim(),
    )
    .filter(Boolean);
}

/** The English words of a description, its code left out (`…`, "…", identifiers, ALL-CAPS placeholders). */
function englishWords(description: string): string[] {
  return description
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .split(/\s+/)
    .map((token) => token.replace(/^[([{,;:.…]+|[)\]},;:.…?!]+$/g, ''))
    .filter((word) => /^[A-Za-zÀ-ÿ]+$/.test(word) && word !== word.toUpperCase())
    .filter((word) => ENGLISH_WORDS.has(word.toLowerCase()));
}

/** The subcommands a help lists (its "Comandos:" section), but `help`. */
function subcommands(help: string): string[] {
  const lines = help.split('\n');
  const from = lines.indexOf('Comandos:');
  if (from < 0) return [];
  const names: string[] = [];
  for (const line of lines.slice(from + 1)) {
    if (!/^ {2}\S/.test(line)) {
      if (line.trim() === '') break;
      continue;
    }
    const name = line.trim().split(/\s/)[0];
    if (name !== 'help') names.push(name);
  }
  return names;
}

/** The help of the program and of every command under it, by command line. */
function everyHelp(): Map<string, string> {
  const helps = new Map<string, string>();
  const visit = (path: string[]) => {
    const run = compensa(...path, '--help');
    expect(run.status).toBe(0);
    helps.set(['compensa', ...path].join(' '), run.stdout);
    for (const name of subcommands(run.stdout)) visit([...path, name]);
  };
  visit([]);
  return helps;
}

describe('compensa speaks pt-BR (built)', () => {
  let helps: Map<string, string>;
  beforeAll(() => {
    helps = everyHelp();
  }, 60_000);

  it('walks the program and every command (those of today at least)', () => {
    expect([...helps.keys()]).toEqual(
      expect.arrayContaining([
        'compensa',
        'compensa simulate',
        'compensa serve',
        'compensa audit',
        'compensa projections rebuild',
        'compensa parked list',
        'compensa parked retry',
        'compensa parked resolve',
        'compensa keys init',
        'compensa import readings',
        'compensa import balances',
        'compensa corrections list',
        'compensa corrections show',
      ]),
    );
    expect(helps.size).toBe(18);
  });

  it('every help: commander in pt-BR (titles, usage, help option and command), no English label left', () => {
    for (const [command, help] of helps) {
      expect([command, help.split('\n')[0]]).toEqual([
        command,
        expect.stringMatching(new RegExp(`^Uso: ${command}( |$)`)),
      ]);
      expect([command, COMMANDER_ENGLISH.filter((english) => help.includes(english))]).toEqual([command, []]);
      expect([command, help]).toEqual([command, expect.stringContaining('-h, --help')]);
      expect([command, help]).toEqual([command, expect.stringMatching(/-h, --help +exibe a ajuda do comando\n/)]);
      if (help.includes('Comandos:'))
        expect([command, help]).toEqual([
          command,
          expect.stringMatching(/\n {2}help \[comando\] +exibe a ajuda de um comando\n/),
        ]);
    }
    expect(helps.get('compensa')).toMatch(/-V, --version +exibe a versão\n/);
    expect(helps.get('compensa audit')).toMatch(/--format <format> +json \| csv \| html \(padrão: "json"\)\n/);
    expect(helps.get('compensa serve')).toContain('(valores: "all", "api", "worker")');
  });

  it('every help: each description in pt-BR (no English word but in code, names and placeholders)', () => {
    for (const [command, help] of helps) {
      const lines = descriptions(help);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect([command, line, englishWords(line)]).toEqual([command, line, []]);
    }
    // The check itself catches an English description.
    expect(englishWords('print the version of the program (default: "x")')).toEqual([
      'print',
      'the',
      'version',
      'of',
      'the',
      'default',
    ]);
    expect(englishWords('lista os eventos parados (`parked`), FILE.pub e DIR no fim')).toEqual([]);
  });

  it("an unknown option: commander's error in pt-BR on stderr, the help after it, exit 1", () => {
    const run = compensa('--bogus');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^erro: opção desconhecida '--bogus'\n\nUso: compensa \[opções\] \[comando\]\n/);
    expect(run.stderr).not.toMatch(/error|Usage/);
    const suggested = compensa('simulate', '--stric', 'x.jsonl');
    expect(suggested.status).toBe(1);
    expect(suggested.stderr).toMatch(/^erro: opção desconhecida '--stric'\n\(Você quis dizer --strict\?\)\n/);
  });

  it('other commander errors in pt-BR: exit 1, and 2 for `compensa audit` (its usage errors)', () => {
    const missing = compensa('corrections', 'show');
    expect([missing.status, missing.stderr.split('\n')[0]]).toEqual([1, "erro: falta o argumento obrigatório 'id'"]);
    const command = compensa('audi');
    expect([command.status, command.stderr.split('\n').slice(0, 2)]).toEqual([
      1,
      ["erro: comando desconhecido 'audi'", '(Você quis dizer audit?)'],
    ]);
    const role = compensa('serve', '--role', 'chefe');
    expect([role.status, role.stderr.split('\n')[0]]).toEqual([
      1,
      "erro: valor inválido 'chefe' para a opção '--role <role>'. Valores aceitos: all, api, worker.",
    ]);
    const reason = compensa('parked', 'resolve', 'x');
    expect([reason.status, reason.stderr.split('\n')[0]]).toEqual([
      1,
      "erro: falta a opção obrigatória '--reason <text>'",
    ]);
    const audit = compensa('audit', '--all', '--bogus');
    expect([audit.status, audit.stderr.split('\n')[0]]).toEqual([2, "erro: opção desconhecida '--bogus'"]);
    const value = compensa('audit', '--uc');
    expect([value.status, value.stderr.split('\n')[0]]).toEqual([2, "erro: falta o valor da opção '--uc <id>'"]);
  });

  it("the CLI's own messages on a store: pt-BR, with their exit codes", () => {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-pt-br-'));
    try {
      const data = join(dir, 'data');
      writeFileSync(join(dir, 'clock.jsonl'), '{"command":"AdvanceClock","to":"2025-01-01"}\n');
      expect(compensa('simulate', join(dir, 'clock.jsonl'), '--data-dir', data).status).toBe(0);
      const none = compensa('corrections', 'show', 'retif-1-2025-01-0123456789ab', '--data-dir', data);
      expect([none.status, none.stderr]).toEqual([
        1,
        'compensa: nenhuma retificação com o id retif-1-2025-01-0123456789ab\n',
      ]);
      const parked = compensa('parked', 'list', '--data-dir', data);
      expect([parked.status, parked.stderr]).toEqual([0, '0 parados, 0 registrados\n']);
      const rebuilt = compensa('projections', 'rebuild', '--data-dir', data);
      expect(rebuilt.status).toBe(0);
      expect(rebuilt.stderr).toMatch(
        /^reconstrução de todos os modelos de leitura \(uc_balance, .*\) em sqlite: 0 eventos em \d+,\d s \(0 eventos\/s\)$/m,
      );
      const partitions = compensa('projections', 'rebuild', '--partitions', '0', '--data-dir', data);
      expect([partitions.status, partitions.stderr]).toEqual([
        1,
        'compensa: --partitions: informe um número inteiro ≥ 1\n',
      ]);
      const unknown = compensa('projections', 'rebuild', 'saldo', '--data-dir', data);
      expect([unknown.status, unknown.stderr]).toEqual([
        1,
        expect.stringMatching(/^compensa: modelo de leitura desconhecido: saldo; use um destes: uc_balance, /),
      ]);
      const missing = compensa('corrections', 'list', '--data-dir', join(dir, 'nowhere'));
      expect([missing.status, missing.stderr]).toEqual([
        1,
        `compensa: nenhuma base de eventos em ${join(dir, 'nowhere', 'events.db')} (--data-dir)\n`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a bad configuration: `npm start` and `compensa serve` list its problems in pt-BR (no stack trace), exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compensa-pt-br-config-'));
    try {
      const env = { ...process.env, DATA_DIR: dir, PORT: 'abc', COMPENSA_DIRECTORY_CACHE_UCS: '0' };
      const expected =
        'configuração inválida:\n' +
        '  - PORT deve ser um inteiro de 0 a 65535; recebido "abc"\n' +
        '  - COMPENSA_DIRECTORY_CACHE_UCS deve ser um inteiro positivo (UCs); recebido "0"\n';
      const start = spawnSync(
        process.execPath,
        [join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js')],
        {
          encoding: 'utf8',
          env,
        },
      );
      expect([start.status, start.stderr]).toEqual([1, expected]);
      const serve = spawnSync(process.execPath, [BIN, 'serve'], { encoding: 'utf8', env });
      expect([serve.status, serve.stderr]).toEqual([1, `compensa: ${expected}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
