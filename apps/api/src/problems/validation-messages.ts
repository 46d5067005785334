import { pluralPtBr } from '@compensa/domain';

/**
 * class-validator's default messages are English ("ucId must be a string"); a billing clerk reads them in pt-BR.
 * Each constraint the DTOs use is here: its default message as class-validator writes it (to tell it apart from a
 * message the DTO gave, which is kept), and its pt-BR message, built from the field's dotted path.
 */

/** The constraint names (the keys of a ValidationError's `constraints`) this table translates. */
export type ConstraintName =
  | 'isString'
  | 'isNotEmpty'
  | 'isNotEmptyObject'
  | 'isDefined'
  | 'isArray'
  | 'arrayNotEmpty'
  | 'arrayMinSize'
  | 'arrayMaxSize'
  | 'arrayUnique'
  | 'isBoolean'
  | 'isIn'
  | 'isEnum'
  | 'isInt'
  | 'isObject'
  | 'isUuid'
  | 'min'
  | 'max'
  | 'minLength'
  | 'maxLength'
  | 'matches'
  | 'nestedValidation'
  | 'whitelistValidation'
  | 'unknownValue';

/** What a pt-BR message is built from. */
interface MessageParts {
  /** Dotted path of the field (`shares.0.percent`). */
  field: string;
  /** The field as the sentence's subject: `shares`, or `cada valor de shares` for a check of each element. */
  subject: string;
  /** The constraint's arguments as class-validator wrote them in its message (`$constraint1`, `$constraint2`). */
  args: readonly string[];
}

interface DefaultMessage {
  /** class-validator's default as its source writes it (`$property`, `$constraint1`), without `each value in `. */
  english: string;
  ptBr: (parts: MessageParts) => string;
}

/** Every constraint of class-validator the API's DTOs use (checked by validation-messages.spec.ts), and a few more. */
export const DEFAULT_MESSAGES: Readonly<Record<ConstraintName, DefaultMessage>> = {
  isString: { english: '$property must be a string', ptBr: ({ subject }) => `${subject} deve ser um texto` },
  isNotEmpty: { english: '$property should not be empty', ptBr: ({ subject }) => `${subject} não pode ficar vazio` },
  isNotEmptyObject: {
    english: '$property must be a non-empty object',
    ptBr: ({ subject }) => `${subject} deve ser um objeto com pelo menos um campo`,
  },
  isDefined: {
    english: '$property should not be null or undefined',
    ptBr: ({ subject }) => `${subject} é obrigatório`,
  },
  isArray: { english: '$property must be an array', ptBr: ({ subject }) => `${subject} deve ser uma lista` },
  arrayNotEmpty: {
    english: '$property should not be empty',
    ptBr: ({ subject }) => `${subject} não pode ser uma lista vazia`,
  },
  arrayMinSize: {
    english: '$property must contain at least $constraint1 elements',
    ptBr: ({ subject, args }) => `${subject} deve ter pelo menos ${pluralPtBr(args[0], 'item', 'itens')}`,
  },
  arrayMaxSize: {
    english: '$property must contain no more than $constraint1 elements',
    ptBr: ({ subject, args }) => `${subject} deve ter no máximo ${pluralPtBr(args[0], 'item', 'itens')}`,
  },
  arrayUnique: {
    english: "All $property's elements must be unique",
    ptBr: ({ subject }) => `${subject} não pode ter itens repetidos`,
  },
  isBoolean: {
    english: '$property must be a boolean value',
    ptBr: ({ subject }) => `${subject} deve ser true ou false`,
  },
  isIn: {
    english: '$property must be one of the following values: $constraint1',
    ptBr: ({ subject, args }) => `${subject} deve ser um destes valores: ${args[0]}`,
  },
  isEnum: {
    english: '$property must be one of the following values: $constraint2',
    ptBr: ({ subject, args }) => `${subject} deve ser um destes valores: ${args[0]}`,
  },
  isInt: {
    english: '$property must be an integer number',
    ptBr: ({ subject }) => `${subject} deve ser um número inteiro`,
  },
  isObject: { english: '$property must be an object', ptBr: ({ subject }) => `${subject} deve ser um objeto` },
  // @IsUUID's constraint name.
  isUuid: { english: '$property must be a UUID', ptBr: ({ subject }) => `${subject} deve ser um UUID` },
  min: {
    english: '$property must not be less than $constraint1',
    ptBr: ({ subject, args }) => `${subject} deve ser no mínimo ${args[0]}`,
  },
  max: {
    english: '$property must not be greater than $constraint1',
    ptBr: ({ subject, args }) => `${subject} deve ser no máximo ${args[0]}`,
  },
  minLength: {
    english: '$property must be longer than or equal to $constraint1 characters',
    ptBr: ({ subject, args }) => `${subject} deve ter pelo menos ${pluralPtBr(args[0], 'caractere', 'caracteres')}`,
  },
  maxLength: {
    english: '$property must be shorter than or equal to $constraint1 characters',
    ptBr: ({ subject, args }) => `${subject} deve ter no máximo ${pluralPtBr(args[0], 'caractere', 'caracteres')}`,
  },
  matches: {
    english: '$property must match $constraint1 regular expression',
    ptBr: ({ subject, args }) => `${subject} não está no formato esperado (${args[0]})`,
  },
  // Set by @ValidateNested itself. For an element of an array the field is the element's (`shares.0`): no `each`.
  nestedValidation: {
    english: 'nested property $property must be either object or array',
    ptBr: ({ field }) => `${field} deve ser um objeto ou uma lista`,
  },
  // The ValidationPipe's forbidNonWhitelisted.
  whitelistValidation: { english: 'property $property should not exist', ptBr: ({ field }) => notAllowed(field) },
  // The ValidationPipe's forbidUnknownValues: a value no DTO describes.
  unknownValue: {
    english: 'an unknown value was passed to the validate function',
    ptBr: () => 'a requisição não tem o formato esperado',
  },
};

/** A property the request may not carry: an undeclared one (forbidNonWhitelisted) or an inherited name. */
export function notAllowed(field: string): string {
  return `o campo ${field} não é permitido`;
}

/** The English default as a pattern: group 1 the `each value in ` prefix, then one group per `$constraintN`. */
function patternOf(english: string): RegExp {
  const escaped = english.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = escaped.replace(/\\\$property/g, '.+?').replace(/\\\$constraint\d/g, '(.*)');
  return new RegExp(`^(each value in )?${pattern}$`, 's');
}

const PATTERNS = new Map(
  Object.entries(DEFAULT_MESSAGES).map(([name, entry]) => [name, patternOf(entry.english)] as const),
);

/**
 * The pt-BR message for one of a field's failed constraints. Only class-validator's default message is translated:
 * a message the DTO gave (`message:` option), already in the API's words, or a constraint this table does not know,
 * is returned as it is.
 */
export function translateConstraint(constraint: string, message: string, field: string): string {
  const pattern = PATTERNS.get(constraint);
  const match = pattern?.exec(message);
  if (!match) return message;
  const [, each, ...args] = match;
  const subject = each ? `cada valor de ${field}` : field;
  return DEFAULT_MESSAGES[constraint as ConstraintName].ptBr({ field, subject, args });
}
