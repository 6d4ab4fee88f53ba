import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build` (vite) writes the dashboard: web/dist at the repository root. */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths the API owns: the dashboard's fallback never answers for them. */
const API_PREFIXES = ['/v1', '/health', '/openapi.json', '/docs'];

export function isApiPath(pathname: string): boolean {
  return API_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

const NOT_BUILT = [
  'The Servio Align dashboard is not built (web/dist is missing).',
  '',
  'Build it with `npm run build` (npm install does it too), then restart the server.',
  'The API works without it: see /docs.',
  '',
].join('\n');

/**
 * The React dashboard at `/`: its files from `dir`, and `index.html` for any other GET that
 * is not an API path, so that a page's URL (/queue, /sla, ...) loads the app (which routes on
 * the client). Unknown API paths and missing files keep the API's 404 problem. Everything
 * here is public: the app is the same for everyone, and its data needs a key.
 */
export async function installDashboard(app: FastifyInstance, dir: string = DASHBOARD_DIR): Promise<void> {
  const built = existsSync(path.join(dir, 'index.html'));
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    if (built) {
      // wildcard: false registers one route a file, so '/*' below stays ours.
      await scope.register(fastifyStatic, { root: dir, wildcard: false, index: ['index.html'] });
    }
    const fallback = async (request: FastifyRequest, reply: FastifyReply) => {
      const pathname = request.url.split('?')[0] ?? '/';
      const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
      if (isApiPath(pathname) || lastSegment.includes('.')) return reply.callNotFound();
      if (!built) return reply.status(503).type('text/plain; charset=utf-8').send(NOT_BUILT);
      // The page shell must not be cached: it names the current build's hashed assets.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', dir);
    };
    if (!built) scope.get('/', { schema: { hide: true } }, fallback);
    scope.get('/*', { schema: { hide: true } }, fallback);
  });
}
