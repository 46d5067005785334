import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { COMMAND_NAMES, VERBS } from '@compensa/application';
import { COMMAND_CONTROLLERS } from './verb-controller';

describe('the command controllers generated from the verb catalogue', () => {
  it('route every verb as its catalogue entry says, once', () => {
    const routes = COMMAND_CONTROLLERS.flatMap((controller) => {
      const prototype = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
      return Object.getOwnPropertyNames(prototype)
        .filter((name) => name !== 'constructor')
        .map((name) => ({
          controller: controller.name,
          path: Reflect.getMetadata(PATH_METADATA, prototype[name]) as string,
          method: Reflect.getMetadata(METHOD_METADATA, prototype[name]) as RequestMethod,
        }));
    });
    expect(routes).toHaveLength(COMMAND_NAMES.length);
    for (const verb of COMMAND_NAMES) {
      const { method, path } = VERBS[verb].http;
      expect(routes).toContainEqual(
        expect.objectContaining({ path, method: method === 'POST' ? RequestMethod.POST : RequestMethod.PUT }),
      );
    }
    expect(COMMAND_CONTROLLERS.map((c) => c.name)).toEqual([
      'UcsController',
      'TitularesController',
      'TariffsController',
      'NationalController',
    ]);
  });
});
