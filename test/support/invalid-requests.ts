import { CONNECTIONS, MODALIDADES, POSTOS, SOURCES } from '@compensa/domain';
import fc from 'fast-check';

/** A request as the fuzz sends it: the body is raw text, so it may hold what JSON.stringify never writes. */
export interface FuzzRequest {
  /** Which mutation made it invalid (reported on failure and counted). */
  mutation: string;
  method: 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A command endpoint and a body the API accepts there, given the state the fuzz sets up. */
export interface ValidCommand {
  method: 'POST' | 'PUT';
  /** Path template: `{param}` is replaced by `params[param]`. */
  path: string;
  params: Record<string, string>;
  body: Record<string, unknown>;
}

/** A JSON value written as given: numbers JSON.stringify cannot write (`1e309`), or invalid JSON (`NaN`). */
class Raw {
  constructor(readonly text: string) {}
}
/** An object written entry by entry: duplicate keys and `__proto__` survive. */
class Entries {
  constructor(readonly entries: [string, Tree][]) {}
}
type Tree = null | boolean | number | string | Raw | Entries | Tree[] | { [key: string]: Tree };

/** The raw JSON text of a tree. */
function write(tree: Tree): string {
  if (tree instanceof Raw) return tree.text;
  if (tree instanceof Entries) return `{${tree.entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(',')}}`;
  if (Array.isArray(tree)) return `[${tree.map(write).join(',')}]`;
  if (tree !== null && typeof tree === 'object') return write(new Entries(Object.entries(tree)));
  return JSON.stringify(tree);
}

/** What a field holds, by its name (and, for `postos`, by its shape). */
type Kind =
  | 'date'
  | 'cycle'
  | 'kwh'
  | 'kw'
  | 'percent'
  | 'tariff'
  | 'ucId'
  | 'distribuidora'
  | 'document'
  | 'name'
  | 'text'
  | 'bool'
  | 'enum'
  | 'object'
  | 'array';

const DATE_FIELDS = new Set(['readingDate', 'registeredAt', 'requestedAt', 'connectedAt', 'date', 'validFrom']);
const ENUMS: Record<string, readonly string[]> = {
  group: ['A', 'B'],
  connection: CONNECTIONS,
  source: SOURCES,
  modalidade: MODALIDADES,
  mode: ['percentage', 'priority'],
  postos: POSTOS,
};
/** Fields that may be left out or null: mutating them that way would give a valid command. */
const OPTIONAL = new Set(['connection']);

function kindOf(path: (string | number)[], value: unknown): Kind {
  const key = String(path.at(-1));
  const parent = String(path.at(-2));
  if (Array.isArray(value)) return 'array';
  if (value !== null && typeof value === 'object') return 'object';
  if (typeof value === 'boolean') return 'bool';
  if (parent === 'te') return 'tariff';
  if (parent === 'postos' && typeof path.at(-1) === 'number') return 'enum';
  if (parent === 'members' || key === 'ucId' || key === 'sourceUcId') return 'ucId';
  if (DATE_FIELDS.has(key)) return 'date';
  if (key in ENUMS) return 'enum';
  const byName: Record<string, Kind> = {
    cycle: 'cycle',
    consumed: 'kwh',
    injected: 'kwh',
    installedKw: 'kw',
    addedKw: 'kw',
    percent: 'percent',
    distribuidora: 'distribuidora',
    document: 'document',
    name: 'name',
    legalInstrument: 'text',
  };
  const kind = byName[key];
  if (!kind) throw new Error(`no kind for field ${path.join('.')}`);
  return kind;
}

/** Every field of a body (depth first), with its path and value. */
function fieldsOf(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  return children.flatMap(([key, child]) => [
    { path: [...path, key], value: child },
    ...fieldsOf(child, [...path, key]),
  ]);
}

/** A copy of `tree` with the value at `path` replaced (or removed when `replacement` is `undefined`). */
function replaceAt(tree: unknown, path: (string | number)[], replacement: Tree | undefined): Tree {
  if (path.length === 0) return replacement as Tree;
  const [head, ...rest] = path;
  if (Array.isArray(tree)) {
    const copy = tree.map((v) => v as Tree);
    if (rest.length === 0 && replacement === undefined) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaceAt(tree[Number(head)], rest, replacement);
    return copy;
  }
  const entries = Object.entries(tree as Record<string, unknown>).flatMap(([k, v]): [string, Tree][] =>
    k !== head
      ? [[k, v as Tree]]
      : rest.length === 0 && replacement === undefined
        ? []
        : [[k, replaceAt(v, rest, replacement)]],
  );
  return new Entries(entries);
}

// --- invalid values ---------------------------------------------------------------------------------------------

/** JSON numbers that are not what any field takes (every quantity is a decimal string), huge and tiny included. */
const oddNumbers = fc.constantFrom(
  new Raw('1e5'),
  new Raw('1E5'),
  new Raw('1e309'),
  new Raw('-1e309'),
  new Raw('1e-400'),
  new Raw('-0'),
  new Raw('123456789012345678901234567890'),
  new Raw('0.1'),
  new Raw('-1'),
  new Raw('100'),
);
/** Number-like literals that are not JSON at all (the body parser answers 400). */
const notJsonNumbers = fc.constantFrom(
  new Raw('NaN'),
  new Raw('Infinity'),
  new Raw('-Infinity'),
  new Raw('0x10'),
  new Raw('01'),
  new Raw('1.'),
  new Raw('.5'),
  new Raw('+1'),
);
const anyJson: fc.Arbitrary<Tree> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Tree>;

/** Something that is not a string (for string fields). */
const notAString: fc.Arbitrary<Tree> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  oddNumbers,
  notJsonNumbers,
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** A string that fails `pattern`, drawn from hand-picked traps and random text. */
const failing = (pattern: RegExp, traps: string[]): fc.Arbitrary<Tree> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...traps) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }).filter((s) => !pattern.test(s)) },
  );

const DECIMAL_TRAPS = [
  '-5',
  '-0',
  '1e5',
  '1E5',
  '1e309',
  'NaN',
  'Infinity',
  '-Infinity',
  '1,5',
  '0x10',
  ' 1',
  '1 ',
  '+1',
];
const invalidStrings: Record<Exclude<Kind, 'bool' | 'enum' | 'object' | 'array' | 'text'>, fc.Arbitrary<Tree>> = {
  // Calendar-impossible dates have the right shape: only the domain can refuse them.
  date: fc.oneof(
    fc.constantFrom('2025-02-30', '2025-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-32', '2025-01-00'),
    failing(/^\d{4}-\d{2}-\d{2}$/, ['2025-1-1', '20250101', '2025/01/01', '2025-01-01T00:00:00Z', '', ' 2025-01-01']),
    fc
      .record({
        y: fc.integer({ min: 1000, max: 9999 }),
        m: fc.integer({ min: 13, max: 99 }),
        d: fc.integer({ min: 1, max: 28 }),
      })
      .map(({ y, m, d }) => `${y}-${m}-${String(d).padStart(2, '0')}`),
  ),
  cycle: failing(/^\d{4}-(0[1-9]|1[0-2])$/, ['2025-13', '2025-00', '2025-1', '202501', '2025-01-01', '', '2025-1O']),
  kwh: failing(/^\d{1,15}(\.\d{1,3})?$/, [...DECIMAL_TRAPS, '1.2345', '1234567890123456', '.5', '5.', '']),
  kw: failing(/^\d{1,9}(\.\d{1,3})?$/, [...DECIMAL_TRAPS, '1.2345', '1234567890', '']),
  percent: failing(/^\d{1,3}(\.\d{1,4})?$/, [...DECIMAL_TRAPS, '33.33333', '1000', '']),
  tariff: failing(/^\d{1,6}(\.\d{1,8})?$/, [...DECIMAL_TRAPS, '0.123456789', '1234567', '']),
  ucId: failing(/^\d{1,20}$/, ['', 'abc', '-1', '1.0', '1e3', '123456789012345678901', ' 1001', '1001 ', '１００１']),
  distribuidora: failing(/^[A-Za-z0-9_]{2,40}$/, ['c', 'copel-x', '', 'x'.repeat(41), 'cópel', 'copel ']),
  document: fc.constantFrom(
    '529.982.247-24',
    '52998224724',
    '11144477736',
    '11.222.333/0001-82',
    '11222333000182',
    '12ABC34501DE36',
    '111.111.111-11',
    '00000000000',
    '12abc34501de35',
    '529.982.247-2',
    '123',
    '',
  ),
  name: fc.oneof(
    fc.constant(''),
    fc.integer({ min: 201, max: 5000 }).map((n) => 'n'.repeat(n)),
  ),
};

/** A value `kind` never accepts. */
function invalidValue(kind: Kind, key: string): fc.Arbitrary<Tree> {
  switch (kind) {
    case 'bool':
      return fc.oneof(fc.constantFrom<Tree>('true', 'false', 1, 0, null, 'yes', []), oddNumbers);
    case 'enum': {
      const allowed = ENUMS[key] ?? POSTOS;
      return fc.oneof(
        notAString.filter((v) => v !== null || !OPTIONAL.has(key)),
        fc
          .constantFrom(
            ...allowed.map((a) => a.toUpperCase()),
            ...allowed.map((a) => ` ${a}`),
            '',
            'madrugada',
            '__proto__',
          )
          .filter((v) => !allowed.includes(v)),
      );
    }
    case 'text':
      // Any string is a legal instrument, except none at all (R13).
      return fc.oneof(notAString, fc.constant(''));
    case 'object':
      return fc.oneof(fc.constantFrom<Tree>(null, 'x', 1, true, [], [{}]), oddNumbers);
    case 'array':
      return fc.oneof(fc.constantFrom<Tree>(null, 'x', 1, true, {}, []), fc.constant([[]] as Tree));
    default:
      return fc.oneof({ weight: 3, arbitrary: invalidStrings[kind] }, { weight: 1, arbitrary: notAString });
  }
}

/** A deeply nested value (objects or arrays), up to the depth the 256 kB limit lets through and beyond. */
const deeplyNested: fc.Arbitrary<Tree> = fc
  .record({ depth: fc.integer({ min: 20, max: 60_000 }), arrays: fc.boolean() })
  .map(
    ({ depth, arrays }) =>
      new Raw(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  );

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isAdmin'];

/**
 * Every kind of invalid request to one endpoint: a field with a wrong type or an impossible value, a required
 * field missing, an unknown or prototype-polluting key, a duplicate key whose last value is invalid, a deeply
 * nested or oversized value, a body that is not an object or not JSON, a bad path parameter or header.
 */
export function invalidRequests(
  command: ValidCommand,
  pathTraps: Record<string, fc.Arbitrary<string>>,
): fc.Arbitrary<FuzzRequest> {
  const fields = fieldsOf(command.body).map((f) => ({
    ...f,
    kind: kindOf(f.path, f.value),
    key: String(f.path.at(-1)),
  }));
  const request = (mutation: string, body: string, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
    mutation,
    method: command.method,
    path: pathOf(command),
    headers: { 'Content-Type': 'application/json' },
    body,
    ...extra,
  });
  const valid = write(command.body as Tree);
  const field = fc.constantFrom(...fields);
  const stringField = fc.constantFrom(...fields.filter((f) => typeof f.value === 'string' && f.kind !== 'text'));
  const objectPaths = [[], ...fields.filter((f) => f.kind === 'object').map((f) => f.path)];

  const arbitraries: fc.Arbitrary<FuzzRequest>[] = [
    field.chain((f) =>
      invalidValue(f.kind, f.key).map((v) =>
        request(`invalid ${f.kind} at ${f.path.join('.')}`, write(replaceAt(command.body, f.path, v))),
      ),
    ),
    fc
      .constantFrom(...fields.filter((f) => !OPTIONAL.has(f.key) && typeof f.path.at(-1) === 'string'))
      .map((f) => request(`missing ${f.path.join('.')}`, write(replaceAt(command.body, f.path, undefined)))),
    fc
      .record({
        at: fc.constantFrom(...objectPaths),
        key: fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ minLength: 1, maxLength: 12 })),
        value: fc.oneof(anyJson, fc.constant<Tree>({ polluted: true })),
      })
      .filter(({ at, key }) => !fieldsOf(command.body).some((f) => f.path.join('.') === [...at, key].join('.')))
      .map(({ at, key, value }) => {
        const target = at.reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], command.body);
        const entries = [...Object.entries(target as Record<string, Tree>), [key, value] as [string, Tree]];
        return request(
          `unknown key ${JSON.stringify(key)} at ${at.join('.') || 'root'}`,
          write(replaceAt(command.body, at, new Entries(entries))),
        );
      }),
    field
      .filter((f) => typeof f.path.at(-1) === 'string')
      .chain((f) =>
        invalidValue(f.kind, f.key)
          .filter((v) => v !== null || !OPTIONAL.has(f.key))
          .map((v) => {
            const at = f.path.slice(0, -1);
            const target = at.reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], command.body);
            // The valid value first, the invalid one last: JSON.parse keeps the last.
            const entries = [...Object.entries(target as Record<string, Tree>), [f.key, v] as [string, Tree]];
            return request(
              `duplicate key ${f.path.join('.')}, last invalid`,
              write(replaceAt(command.body, at, new Entries(entries))),
            );
          }),
      ),
    fc
      .tuple(
        field.filter((f) => !OPTIONAL.has(f.key)),
        deeplyNested,
      )
      .map(([f, nested]) =>
        request(`deeply nested at ${f.path.join('.')}`, write(replaceAt(command.body, f.path, nested))),
      ),
    fc
      .tuple(stringField, fc.integer({ min: 1_000, max: 300_000 }), fc.constantFrom('x', '9', 'ç', '\u0000'))
      .map(([f, length, unit]) =>
        request(
          `oversized string (${length}) at ${f.path.join('.')}`,
          write(replaceAt(command.body, f.path, unit.repeat(length))),
        ),
      ),
    fc
      .constantFrom(
        '[]',
        '[{}]',
        `[${valid}]`,
        `[${valid},${valid}]`,
        '"text"',
        '1',
        'null',
        'true',
        '{}',
        `{"body":${valid}}`,
      )
      .map((body) => request('not the expected object', body)),
    fc
      .oneof(
        fc.integer({ min: 1, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
        fc.constantFrom(
          `${valid.slice(0, -1)},}`,
          valid.replace(/"/g, "'"),
          `${valid}}`,
          `// comment\n${valid}`,
          '',
          ' ',
          '{"a":NaN}',
          '{"a":Infinity}',
          '{"a":undefined}',
        ),
      )
      .map((body) => request('malformed JSON', body)),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
      )
      .map((type) => request(`content type ${type}`, valid, { headers: { 'Content-Type': type } })),
    fc
      .constantFrom('"999999"', '"-1"', 'garbage', '"1.5"', 'W/"999999"')
      .map((ifMatch) =>
        request(`If-Match ${ifMatch}`, valid, { headers: { 'Content-Type': 'application/json', 'If-Match': ifMatch } }),
      ),
    fc.constantFrom('', ' ', 'é', 'x'.repeat(256), 'a b').map((key) =>
      request(`Idempotency-Key ${JSON.stringify(key.slice(0, 8))}`, valid, {
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      }),
    ),
  ];
  const params = Object.keys(command.params);
  if (params.length > 0) {
    arbitraries.push(
      fc.constantFrom(...params).chain((param) =>
        pathTraps[param].map((trap) =>
          request(`path ${param}=${JSON.stringify(trap.slice(0, 20))}`, valid, {
            path: pathOf({ ...command, params: { ...command.params, [param]: trap } }),
          }),
        ),
      ),
    );
  }
  return fc.oneof(...arbitraries);
}

/** The command's path with its parameters (already URL-encoded where they need to be). */
export function pathOf(command: Pick<ValidCommand, 'path' | 'params'>): string {
  return command.path.replace(/\{(\w+)\}/g, (_, name: string) => command.params[name]);
}

/** The raw body text of a valid command. */
export function bodyOf(command: ValidCommand): string {
  return write(command.body as Tree);
}
