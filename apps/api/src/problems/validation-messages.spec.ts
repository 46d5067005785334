/**
 * class-validator's default English messages reach a billing clerk in pt-BR: every constraint the DTOs use has an
 * entry in DEFAULT_MESSAGES (found by scanning class-validator's metadata of every DTO of the API), every entry
 * turns the real default message of its decorator into pt-BR, and a message the DTO gave is kept.
 */
import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  ArrayUnique,
  getMetadataStorage,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEnum,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FormatMessage } from '../commands/dto/formats';
import type { FieldError } from './problem-details';
import { RequestValidationError } from './request-validation.error';
import { createValidationPipe } from './validation.pipe';
import { DEFAULT_MESSAGES, translateConstraint, type ConstraintName } from './validation-messages';

class InnerProbe {
  @IsString()
  name!: string;
}

enum Color {
  Red = 'red',
  Blue = 'blue',
}

/** One field per decorator; all optional, so each case sends only the field it breaks. */
class Probe {
  @IsOptional() @IsString() text?: string;
  @IsOptional() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsNotEmpty() filled?: string;
  @IsOptional() @IsNotEmptyObject() postos?: object;
  @IsOptional() @IsArray() list?: unknown[];
  @IsOptional() @ArrayNotEmpty() some?: unknown[];
  @IsOptional() @ArrayMinSize(2) pair?: unknown[];
  @IsOptional() @ArrayMinSize(1) members?: unknown[];
  @IsOptional() @ArrayMaxSize(1) single?: unknown[];
  @IsOptional() @ArrayUnique() distinct?: unknown[];
  @IsOptional() @IsBoolean() flag?: boolean;
  @IsOptional() @IsIn(['percentage', 'priority']) mode?: string;
  @IsOptional() @IsIn(['unico', 'ponta'], { each: true }) postoList?: string[];
  @IsOptional() @IsEnum(Color) color?: Color;
  @IsOptional() @IsInt() whole?: number;
  @IsOptional() @IsObject() object?: object;
  @IsOptional() @IsUUID() uuid?: string;
  @IsOptional() @Min(1) atLeast?: number;
  @IsOptional() @Max(100) atMost?: number;
  @IsOptional() @MinLength(1) name?: string;
  @IsOptional() @MinLength(3) code?: string;
  @IsOptional() @MaxLength(5) reason?: string;
  @IsOptional() @Matches(/^\d+$/) digits?: string;
  @IsOptional() @ValidateNested() @Type(() => InnerProbe) inner?: InnerProbe;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => InnerProbe) inners?: InnerProbe[];
}

class RequiredProbe {
  @IsDefined() ucId!: string;
}

/** A DTO that describes no property: class-validator's forbidUnknownValues refuses whatever it is given. */
class BareProbe {}

class OwnMessages {
  @IsString({ message: '$property deve ser o nome do titular' })
  name!: string;

  @Matches(/^\d+$/, { message: 'ucId: only digits' })
  ucId!: string;
}

/** A count in a range, as the query DTOs take one (decorators in their order there). */
class RangedCount {
  @Type(() => Number)
  @IsInt({ message: '$property deve ser um número inteiro' })
  @Min(1)
  @Max(200)
  limit!: number;
}

/** The field errors of the real ValidationPipe for `body` against `dto` (none: the body is valid). */
async function fieldErrors(dto: new () => object, body: unknown): Promise<FieldError[]> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: dto } as ArgumentMetadata);
    return [];
  } catch (error) {
    if (!(error instanceof RequestValidationError)) throw error;
    return error.problem.errors ?? [];
  }
}

/** A body that breaks one constraint, and the field error it must answer (class-validator's default, in pt-BR). */
interface Case {
  constraint: ConstraintName;
  dto: new () => object;
  body: unknown;
  field: string | undefined;
  message: string;
}

const CASES: Case[] = [
  { constraint: 'isString', dto: Probe, body: { text: 1 }, field: 'text', message: 'text deve ser um texto' },
  {
    constraint: 'isString',
    dto: Probe,
    body: { tags: ['a', 1] },
    field: 'tags',
    message: 'cada valor de tags deve ser um texto',
  },
  {
    constraint: 'isNotEmpty',
    dto: Probe,
    body: { filled: '' },
    field: 'filled',
    message: 'filled não pode ficar vazio',
  },
  {
    constraint: 'isNotEmptyObject',
    dto: Probe,
    body: { postos: {} },
    field: 'postos',
    message: 'postos deve ser um objeto com pelo menos um campo',
  },
  { constraint: 'isDefined', dto: RequiredProbe, body: {}, field: 'ucId', message: 'ucId é obrigatório' },
  { constraint: 'isArray', dto: Probe, body: { list: 'x' }, field: 'list', message: 'list deve ser uma lista' },
  {
    constraint: 'arrayNotEmpty',
    dto: Probe,
    body: { some: [] },
    field: 'some',
    message: 'some não pode ser uma lista vazia',
  },
  {
    constraint: 'arrayMinSize',
    dto: Probe,
    body: { pair: [1] },
    field: 'pair',
    message: 'pair deve ter pelo menos 2 itens',
  },
  {
    constraint: 'arrayMinSize',
    dto: Probe,
    body: { members: [] },
    field: 'members',
    message: 'members deve ter pelo menos 1 item',
  },
  {
    constraint: 'arrayMaxSize',
    dto: Probe,
    body: { single: [1, 2] },
    field: 'single',
    message: 'single deve ter no máximo 1 item',
  },
  {
    constraint: 'arrayUnique',
    dto: Probe,
    body: { distinct: ['a', 'a'] },
    field: 'distinct',
    message: 'distinct não pode ter itens repetidos',
  },
  { constraint: 'isBoolean', dto: Probe, body: { flag: 'yes' }, field: 'flag', message: 'flag deve ser true ou false' },
  {
    constraint: 'isIn',
    dto: Probe,
    body: { mode: 'x' },
    field: 'mode',
    message: 'mode deve ser um destes valores: percentage, priority',
  },
  {
    constraint: 'isIn',
    dto: Probe,
    body: { postoList: ['unico', 'x'] },
    field: 'postoList',
    message: 'cada valor de postoList deve ser um destes valores: unico, ponta',
  },
  {
    constraint: 'isEnum',
    dto: Probe,
    body: { color: 'green' },
    field: 'color',
    message: 'color deve ser um destes valores: red, blue',
  },
  {
    constraint: 'isInt',
    dto: Probe,
    body: { whole: 1.5 },
    field: 'whole',
    message: 'whole deve ser um número inteiro',
  },
  { constraint: 'isObject', dto: Probe, body: { object: 1 }, field: 'object', message: 'object deve ser um objeto' },
  { constraint: 'isUuid', dto: Probe, body: { uuid: 'x' }, field: 'uuid', message: 'uuid deve ser um UUID' },
  { constraint: 'min', dto: Probe, body: { atLeast: 0 }, field: 'atLeast', message: 'atLeast deve ser no mínimo 1' },
  { constraint: 'max', dto: Probe, body: { atMost: 101 }, field: 'atMost', message: 'atMost deve ser no máximo 100' },
  {
    constraint: 'minLength',
    dto: Probe,
    body: { name: '' },
    field: 'name',
    message: 'name deve ter pelo menos 1 caractere',
  },
  {
    constraint: 'minLength',
    dto: Probe,
    body: { code: 'ab' },
    field: 'code',
    message: 'code deve ter pelo menos 3 caracteres',
  },
  {
    constraint: 'maxLength',
    dto: Probe,
    body: { reason: 'abcdef' },
    field: 'reason',
    message: 'reason deve ter no máximo 5 caracteres',
  },
  {
    constraint: 'matches',
    dto: Probe,
    body: { digits: 'x' },
    field: 'digits',
    message: 'digits não está no formato esperado (/^\\d+$/)',
  },
  {
    constraint: 'nestedValidation',
    dto: Probe,
    body: { inner: 'x' },
    field: 'inner',
    message: 'inner deve ser um objeto ou uma lista',
  },
  {
    constraint: 'nestedValidation',
    dto: Probe,
    body: { inners: [1] },
    field: 'inners.0',
    message: 'inners.0 deve ser um objeto ou uma lista',
  },
  {
    constraint: 'whitelistValidation',
    dto: Probe,
    body: { extra: true },
    field: 'extra',
    message: 'o campo extra não é permitido',
  },
  {
    constraint: 'whitelistValidation',
    dto: Probe,
    body: { inner: { name: 'x', id: 1 } },
    field: 'inner.id',
    message: 'o campo inner.id não é permitido',
  },
  {
    constraint: 'unknownValue',
    dto: BareProbe,
    body: {},
    field: undefined,
    message: 'a requisição não tem o formato esperado',
  },
];

describe('pt-BR messages of class-validator (422)', () => {
  it.each(CASES)('$constraint: $body answers "$message"', async ({ dto, body, field, message }) => {
    expect(await fieldErrors(dto, body)).toEqual([{ field, message }]);
  });

  it('every entry of the table is exercised above with its decorator (so its English default is the real one)', () => {
    expect([...new Set(CASES.map((c) => c.constraint))].sort()).toEqual(Object.keys(DEFAULT_MESSAGES).sort());
  });

  it('a nested field is named by its dotted path', async () => {
    expect(await fieldErrors(Probe, { inners: [{ name: 'x' }, { name: 2 }] })).toEqual([
      { field: 'inners.1.name', message: 'inners.1.name deve ser um texto' },
    ]);
  });

  it('a value of the wrong kind is told so before its range: "dez" for a limit is not a number, not one above 200', async () => {
    expect(await fieldErrors(RangedCount, { limit: 'dez' })).toEqual([
      { field: 'limit', message: 'limit deve ser um número inteiro' },
    ]);
    expect(await fieldErrors(RangedCount, { limit: '201' })).toEqual([
      { field: 'limit', message: 'limit deve ser no máximo 200' },
    ]);
  });

  it("keeps a message the DTO gave, whatever its language, and a constraint the table does not know keeps class-validator's text", async () => {
    expect(await fieldErrors(OwnMessages, { name: 1, ucId: 'x' })).toEqual([
      { field: 'name', message: 'name deve ser o nome do titular' },
      { field: 'ucId', message: 'ucId: only digits' },
    ]);
    expect(translateConstraint('isLatLong', 'where must be a latitude,longitude string', 'where')).toBe(
      'where must be a latitude,longitude string',
    );
  });

  it('the 422 detail joins the messages, and its tail for the fields left out is pt-BR', () => {
    expect(new RequestValidationError([]).problem).toMatchObject({
      title: 'Dados inválidos',
      detail: 'A requisição não é válida.',
    });
    const all = Array.from({ length: 22 }, (_, i) => ({ field: `f${i}`, message: `f${i} deve ser um texto` }));
    expect(new RequestValidationError(all).problem.detail).toMatch(
      /^f0 deve ser um texto; .*; e mais 2 campos inválidos$/,
    );
    expect(new RequestValidationError(all.slice(0, 21)).problem.detail).toMatch(/; e mais 1 campo inválido$/);
  });
});

/** What this spec reads of class-validator's ValidationMetadata (one per decorator on a property). */
interface ValidationMetadata {
  /** `customValidation` for most decorators (then `name` is the constraint), or the constraint itself. */
  type: string;
  name?: string;
  target: unknown;
  /** The `message:` option, when the DTO gave one (@ValidateNested sets class-validator's default). */
  message?: unknown;
}

/** Every ValidationMetadata class-validator holds (its storage keeps them in a private map, by target class). */
function allMetadata(): ValidationMetadata[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, ValidationMetadata[]> };
  return [...storage.validationMetadatas.values()].flat();
}

/** The API's source files that declare validation (the DTOs and their custom decorators). */
function validatedSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return validatedSources(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) return [];
    return readFileSync(path, 'utf8').includes("from 'class-validator'") ? [path] : [];
  });
}

describe('the DTOs of the API', () => {
  const probes = new Set<unknown>([InnerProbe, Probe, RequiredProbe, BareProbe, OwnMessages]);
  let dtoMetadata: ValidationMetadata[];

  beforeAll(async () => {
    const sources = validatedSources(join(__dirname, '..'));
    expect(sources.length).toBeGreaterThan(30);
    for (const source of sources) await import(source);
    dtoMetadata = allMetadata().filter((m) => !probes.has(m.target));
  });

  it('every constraint whose message class-validator writes has a pt-BR entry in the table', () => {
    // The ValidationPipe itself refuses unknown properties and values (forbidNonWhitelisted, forbidUnknownValues).
    const needed = new Set<string>(['whitelistValidation', 'unknownValue']);
    for (const m of dtoMetadata) {
      if (m.type === 'conditionalValidation' || m.type === 'whitelistValidation') continue;
      // @ValidateNested sets class-validator's own English default as its message.
      if (!m.message || m.type === 'nestedValidation') needed.add(m.name ?? m.type);
    }
    for (const sure of ['isString', 'isIn', 'isArray', 'arrayMinSize', 'nestedValidation'])
      expect(needed).toContain(sure);
    const missing = [...needed].filter((name) => !Object.hasOwn(DEFAULT_MESSAGES, name));
    expect(missing).toEqual([]);
  });

  it('every message a DTO gives is pt-BR', () => {
    const given = dtoMetadata
      .filter((m) => m.type !== 'nestedValidation' && typeof m.message === 'string' && m.message !== '')
      .map((m) => m.message as string);
    expect(given.length).toBeGreaterThan(40);
    const english = /\b(must|should|not|the|of|or)\b/;
    expect([...new Set(given)].filter((message) => english.test(message))).toEqual([]);
    expect(Object.values(FormatMessage).filter((message) => english.test(message))).toEqual([]);
  });
});
