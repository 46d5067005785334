import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Name of the X-Api-Key security scheme in the OpenAPI document. */
export const API_KEY_SCHEME = 'api-key';
/** Name of the bearer security scheme in the OpenAPI document. */
export const BEARER_SCHEME = 'bearer';

/**
 * Serves the OpenAPI document at /docs-json and its UI at /docs, both public. Every operation requires an API key
 * (either header) unless marked `@Public()`. Call before `app.init()`: routes added later are shadowed by the 404.
 */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Compensa API')
      .setDescription(
        'Commands and queries of the energy compensation system (SCEE). Errors are application/problem+json ' +
          '(RFC 7807); a refused business rule answers 409 with the rule id in `rule`.',
      )
      .setVersion('0.1.0')
      .addApiKey(
        { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'operator or auditor key' },
        API_KEY_SCHEME,
      )
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the same key as a bearer token' }, BEARER_SCHEME)
      // Two requirement objects: either scheme is enough.
      .addSecurityRequirements(API_KEY_SCHEME)
      .addSecurityRequirements(BEARER_SCHEME)
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Compensa API' });
}
