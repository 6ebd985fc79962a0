import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LedgerConfig } from '@ledger/platform';

/** Paths the API, its documents and the operators' probes own: never answered with the app. */
const NOT_THE_APP = /^\/(api|docs|docs-json|health|metrics)(\/|$)/;

/**
 * Built from source (tests) this file sits four levels below the repository, built into dist four
 * levels below dist; `npm run build` writes the app to dist/web either way.
 */
function webAppDirectory(): string {
  const up = resolve(__dirname, '../../../..');
  const built = join(up, 'web');
  return existsSync(join(built, 'index.html')) ? built : join(up, 'dist', 'web');
}

/**
 * The app's page may run only its own scripts and styles and talk only to this origin (and, when
 * people sign in with their organisation, to its issuer). The API's documents keep their own policy.
 */
function webAppContentSecurityPolicy(config: Pick<LedgerConfig, 'jwt' | 'oidc'>): string {
  const connect = ["'self'"];
  if (config.oidc.clientId && config.jwt.issuer) connect.push(new URL(config.jwt.issuer).origin);
  return [
    "default-src 'self'",
    "base-uri 'self'",
    `connect-src ${connect.join(' ')}`,
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data:",
    "object-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
  ].join('; ');
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  // Browsers ask for text/html when they navigate; images, scripts and API clients do not.
  return typeof accept === 'string' && /(^|,)\s*text\/html/.test(accept);
}

/**
 * Serves the browser app at `/`: hashed assets with a year's cache, and index.html (never cached,
 * so a new release is picked up) for any other page a person may bookmark or reload, so the app's
 * own routes work from the address bar.
 */
export async function serveWebApp(
  app: NestFastifyApplication,
  config: Pick<LedgerConfig, 'jwt' | 'oidc'>,
  directory = webAppDirectory(),
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const indexFile = join(directory, 'index.html');
  const policy = webAppContentSecurityPolicy(config);
  const built = existsSync(indexFile);
  const hashedAssets = join(directory, 'assets') + '/';
  const index = built
    ? readFileSync(indexFile)
    : Buffer.from(
        '<!doctype html><html lang="en"><title>Web app not built</title>' +
          '<p>The web app has not been built: run <code>npm run build</code>, then restart.</p></html>',
      );

  if (built) {
    await app.register(fastifyStatic, {
      root: directory,
      prefix: '/',
      wildcard: false,
      index: false,
      cacheControl: false,
      globIgnore: ['index.html'],
      // Vite names every file under assets/ by its content hash, so they never change.
      setHeaders: (reply, path) => {
        void reply.header(
          'Cache-Control',
          path.startsWith(hashedAssets) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    // The root is always the app (so `curl localhost:3000/` shows it); deeper paths only to a
    // browser navigating, so a mistyped API call still gets its 404 problem.
    if (NOT_THE_APP.test(path) || (path !== '/' && !acceptsHtml(request)))
      return reply.callNotFound();
    return reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', policy)
      .send(index);
  };
  fastify.get('/', sendIndex);
  fastify.get('/*', sendIndex);
}
