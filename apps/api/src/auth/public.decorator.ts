import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

/** Metadata key set by `@Public()`. */
export const IS_PUBLIC = 'compensa:public';

/** The route needs no API key (health, docs). The empty security requirement tells OpenAPI readers so. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));
