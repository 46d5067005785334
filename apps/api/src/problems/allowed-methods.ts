import type { IncomingMessage } from 'node:http';

/** What this file reads of express 5's router: its layers, each with a route's path matcher and methods. */
interface RouterLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}
type ExpressRequest = IncomingMessage & { app?: { router?: { stack?: RouterLayer[] } } };

/**
 * The methods the app's routes answer at `path` (express's own request.app): a 404 of the router becomes a 405 with
 * an Allow header when another method would have been served.
 */
export function allowedMethods(request: IncomingMessage, path: string): string[] {
  const stack = (request as ExpressRequest).app?.router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || typeof layer.match !== 'function' || !layer.match(path)) continue;
    // A catch-all (`all`, e.g. the dashboard's fallback) answers every method and says nothing of this route.
    if (layer.route.methods._all || Object.keys(layer.route.methods).length > 10) continue;
    for (const [method, on] of Object.entries(layer.route.methods))
      if (on && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
