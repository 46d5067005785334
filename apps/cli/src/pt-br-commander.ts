import { pluralPtBr } from '@compensa/domain';
import { Command, Help, type Argument, type ErrorOptions as CommanderErrorOptions, type Option } from 'commander';

/**
 * commander in pt-BR, in one place: its help (titles, usage, the help option and command, "padrão"/"valores" after a
 * description) and its errors. Commander has no message catalogue; it is customised through its own extension points:
 * `createHelp` (a Help subclass), `createCommand` (every subcommand made with `.command()` is a PtBrCommand, however
 * late it is added), `helpOption` and `helpCommand` (set on the program, copied to each subcommand by commander's
 * `copyInheritedSettings`), and `error`, which commander calls with a code for each of its errors: the pt-BR text is
 * looked up by that code (COMMANDER_ERRORS_PT_BR). Exit codes stay commander's (1 on an error, 0 for help), or the
 * command's own `exitOverride` (`compensa audit`: 2).
 */

/** The help option's and the help command's descriptions. */
export const HELP_OPTION_PT_BR = 'exibe a ajuda do comando';
export const HELP_COMMAND_PT_BR = 'exibe a ajuda de um comando';
export const VERSION_OPTION_PT_BR = 'exibe a versão';

/** The titles commander gives the sections of its help. */
const TITLES: Record<string, string> = {
  'Usage:': 'Uso:',
  'Arguments:': 'Argumentos:',
  'Options:': 'Opções:',
  'Global Options:': 'Opções globais:',
  'Commands:': 'Comandos:',
};

/** `<name>`, `[name]`, `<name...>`: an argument as the usage shows it (commander's humanReadableArgName). */
function argumentName(arg: Argument): string {
  const name = `${arg.name()}${arg.variadic ? '...' : ''}`;
  return arg.required ? `<${name}>` : `[${name}]`;
}

/** What commander adds after a description, in pt-BR: choices, default, preset, environment variable. */
function extraInfo(
  description: string,
  o: { argChoices?: string[]; defaultValue?: unknown; defaultValueDescription?: string },
  shows: { default: boolean; preset?: unknown; envVar?: string },
): string {
  const extra: string[] = [];
  if (o.argChoices) extra.push(`valores: ${o.argChoices.map((c) => JSON.stringify(c)).join(', ')}`);
  if (o.defaultValue !== undefined && shows.default)
    extra.push(`padrão: ${o.defaultValueDescription || JSON.stringify(o.defaultValue)}`);
  if (shows.preset !== undefined) extra.push(`valor sem argumento: ${JSON.stringify(shows.preset)}`);
  if (shows.envVar !== undefined) extra.push(`variável de ambiente: ${shows.envVar}`);
  if (extra.length === 0) return description;
  return description ? `${description} (${extra.join(', ')})` : `(${extra.join(', ')})`;
}

/** commander's Help, its words in pt-BR (the layout is commander's). */
export class PtBrHelp extends Help {
  override styleTitle(title: string): string {
    return super.styleTitle(TITLES[title] ?? title);
  }

  override subcommandTerm(cmd: Command): string {
    const args = cmd.registeredArguments.map(argumentName).join(' ');
    const alias = cmd.aliases()[0];
    return `${cmd.name()}${alias ? `|${alias}` : ''}${cmd.options.length ? ' [opções]' : ''}${args ? ` ${args}` : ''}`;
  }

  override optionDescription(option: Option): string {
    // As commander: a default only for options that take a value (or a boolean default), a preset for optional values.
    const showsDefault =
      option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
    return extraInfo(option.description, option, {
      default: showsDefault,
      preset: option.optional ? option.presetArg : undefined,
      envVar: option.envVar,
    });
  }

  override argumentDescription(argument: Argument): string {
    return extraInfo(argument.description, argument, { default: true });
  }
}

/** The codes of commander's errors (CommanderError.code) that have a pt-BR text. */
export type CommanderErrorCode =
  | 'commander.unknownOption'
  | 'commander.unknownCommand'
  | 'commander.missingArgument'
  | 'commander.optionMissingArgument'
  | 'commander.missingMandatoryOptionValue'
  | 'commander.conflictingOption'
  | 'commander.excessArguments'
  | 'commander.invalidArgument';

/**
 * commander's message → the pt-BR one, from the operands commander put in it (quoted '…'); null when the message is
 * not as expected (another commander version): then commander's text is kept.
 */
type PtBrMessage = (english: string) => string | null;

/** "(Did you mean --uc?)" after an unknown option or command. */
function suggestion(tail: string | undefined): string {
  if (!tail) return '';
  const m = /^\n\(Did you mean (one of )?(.*)\?\)$/s.exec(tail);
  if (!m) return tail;
  return m[1] ? `\n(Você quis dizer um destes: ${m[2]}?)` : `\n(Você quis dizer ${m[2]}?)`;
}

/** The reason after an invalid value: commander's choices in pt-BR, a custom parser's own message as it is. */
function invalidReason(reason: string | undefined): string {
  if (!reason) return '';
  const choices = /^Allowed choices are (.*)\.$/s.exec(reason);
  return choices ? ` Valores aceitos: ${choices[1]}.` : ` ${reason}`;
}

/** "option '--x <v>'" or "environment variable 'X'" (a conflicting option's side). */
function optionOrVariable(kind: string, name: string): string {
  return kind === 'option' ? `a opção '${name}'` : `a variável de ambiente '${name}'`;
}

/** commander's errors in pt-BR, by code. */
export const COMMANDER_ERRORS_PT_BR: Record<CommanderErrorCode, PtBrMessage> = {
  'commander.unknownOption': (e) => {
    const m = /^error: unknown option '(.*)'(\n.*)?$/s.exec(e);
    return m && `erro: opção desconhecida '${m[1]}'${suggestion(m[2])}`;
  },
  'commander.unknownCommand': (e) => {
    const m = /^error: unknown command '(.*)'(\n.*)?$/s.exec(e);
    return m && `erro: comando desconhecido '${m[1]}'${suggestion(m[2])}`;
  },
  'commander.missingArgument': (e) => {
    const m = /^error: missing required argument '(.*)'$/s.exec(e);
    return m && `erro: falta o argumento obrigatório '${m[1]}'`;
  },
  'commander.optionMissingArgument': (e) => {
    const m = /^error: option '(.*)' argument missing$/s.exec(e);
    return m && `erro: falta o valor da opção '${m[1]}'`;
  },
  'commander.missingMandatoryOptionValue': (e) => {
    const m = /^error: required option '(.*)' not specified$/s.exec(e);
    return m && `erro: falta a opção obrigatória '${m[1]}'`;
  },
  'commander.conflictingOption': (e) => {
    const m =
      /^error: (option|environment variable) '(.*)' cannot be used with (option|environment variable) '(.*)'$/s.exec(e);
    return m && `erro: ${optionOrVariable(m[1], m[2])} não pode ser usada com ${optionOrVariable(m[3], m[4])}`;
  },
  'commander.excessArguments': (e) => {
    const m = /^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/s.exec(e);
    return (
      m &&
      `erro: argumentos demais${m[1] ? ` para '${m[1]}'` : ''}: aceita ${pluralPtBr(m[2], 'argumento', 'argumentos')}, recebeu ${m[3]}`
    );
  },
  'commander.invalidArgument': (e) => {
    const option = /^error: option '(.*)' argument '(.*)' is invalid\.(?: (.*))?$/s.exec(e);
    if (option) return `erro: valor inválido '${option[2]}' para a opção '${option[1]}'.${invalidReason(option[3])}`;
    const env = /^error: option '(.*)' value '(.*)' from env '(.*)' is invalid\.(?: (.*))?$/s.exec(e);
    if (env)
      return `erro: valor inválido '${env[2]}' na variável de ambiente '${env[3]}' (opção '${env[1]}').${invalidReason(env[4])}`;
    const argument = /^error: command-argument value '(.*)' is invalid for argument '(.*)'\.(?: (.*))?$/s.exec(e);
    if (argument)
      return `erro: valor inválido '${argument[1]}' para o argumento '${argument[2]}'.${invalidReason(argument[3])}`;
    return null;
  },
};

/** The pt-BR text of a commander error: by its code, else (a code not in the table, or an unexpected text) commander's. */
export function commanderMessagePtBr(code: string | undefined, message: string): string {
  const ptBr = (COMMANDER_ERRORS_PT_BR as Partial<Record<string, PtBrMessage>>)[code ?? '']?.(message);
  return ptBr ?? message;
}

/** A commander Command that speaks pt-BR: its help, its errors, and so every subcommand made from it. */
export class PtBrCommand extends Command {
  private customUsage = false;

  constructor(name?: string) {
    super(name);
    this.helpOption('-h, --help', HELP_OPTION_PT_BR);
  }

  override createCommand(name?: string): Command {
    return new PtBrCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new PtBrHelp(), this.configureHelp());
  }

  override error(message: string, errorOptions?: CommanderErrorOptions): never {
    return super.error(commanderMessagePtBr(errorOptions?.code, message), errorOptions);
  }

  /** commander's usage ("[options] [command] <file>") in pt-BR, unless one was given. */
  override usage(str: string): this;
  override usage(): string;
  override usage(str?: string): this | string {
    if (str !== undefined) {
      this.customUsage = true;
      return super.usage(str);
    }
    if (this.customUsage) return super.usage();
    return [
      ...(this.options.length > 0 || this.createHelp().visibleOptions(this).length > 0 ? ['[opções]'] : []),
      ...(this.commands.length > 0 ? ['[comando]'] : []),
      ...this.registeredArguments.map(argumentName),
    ].join(' ');
  }
}

/**
 * The `compensa` program: a PtBrCommand with the help command in pt-BR, which its subcommands inherit (set here, not in
 * the constructor: the help command is itself made by createCommand, and setting it makes commander list it even on a
 * command without subcommands).
 */
export function compensaProgram(name: string): PtBrCommand {
  return new PtBrCommand(name).helpCommand('help [comando]', HELP_COMMAND_PT_BR);
}
