import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The Content-Security-Policy directives of every answer (the dashboard's files and /docs included). */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  // The dashboard's bundles and swagger-ui's scripts are files of this origin: no inline script anywhere.
  scriptSrc: ["'self'"],
  // ECharts, Lit and swagger-ui set inline styles.
  styleSrc: ["'self'", "'unsafe-inline'"],
  // swagger-ui draws icons as data: URIs.
  imgSrc: ["'self'", 'data:'],
  // Deployments often serve plain HTTP behind a proxy: upgrading would break every same-origin asset.
  upgradeInsecureRequests: null,
} as const;

/** helmet's security headers (CSP above, nosniff, frame-ancestors, HSTS, referrer policy…) as express middleware. */
export function securityHeaders(): (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  return helmet({ contentSecurityPolicy: { useDefaults: true, directives: CONTENT_SECURITY_POLICY } });
}
