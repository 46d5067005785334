/**
 * A validated DTO as the plain JSON the platform takes: unset optional fields disappear (class fields are defined
 * as undefined), nested DTO instances become objects. The DTO's validation is what makes the cast sound.
 */
export function plainBody<T extends object>(dto: T): T {
  return JSON.parse(JSON.stringify(dto)) as T;
}
