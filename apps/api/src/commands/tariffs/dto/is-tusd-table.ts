import { POSTOS } from '@compensa/domain';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { Format } from '../../dto/formats';

const COMPONENT = /^[a-z][a-z0-9_]{0,39}$/;

/** Whether a value is `{component: {posto: "R$/kWh"}}` with known postos and tariff-shaped values. */
export function isTusdTable(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  return Object.entries(value).every(
    ([component, byPosto]) =>
      COMPONENT.test(component) &&
      isPlainObject(byPosto) &&
      Object.entries(byPosto).every(
        ([posto, v]) => (POSTOS as readonly string[]).includes(posto) && typeof v === 'string' && Format.tariff.test(v),
      ),
  );
}

/** R17's TUSD components per posto: keys checked against the posto list, values as R$/kWh decimal strings. */
export function IsTusdTable(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTusdTable',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property deve associar cada componente (fio_a, fio_b…) a um objeto por posto ' +
          `(${POSTOS.join(', ')}) cujos valores são tarifas em R$/kWh em texto decimal`,
        ...options,
      },
      validator: { validate: isTusdTable },
    });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
