import { existsSync, readFileSync, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import expressStaticGzip from 'express-static-gzip';
import helmet from 'helmet';
import { type TokenVerifier } from '../auth/token-verifier';
import { type WebConfig } from './web-config';

type Next = (error?: unknown) => void;
const year = 365 * 24 * 3600;

/**
 * React Aria's usePress (the combo boxes' button and options) adds one fixed <style> to the page:
 * touch-action on pressable elements, so a tap is not held back for a double-tap zoom. Its hash
 * allows exactly that text, no other inline style; a library update that changes the text shows
 * as a CSP violation in the browser suite's main story.
 */
const reactAriaPressableStyle = "'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o='";

/** The pages' policy: only the gateway's own files and API (and the identity provider, if any). */
function contentSecurityPolicy(config: WebConfig) {
  const provider = config.oidc ? [new URL(config.oidc.authority).origin] : [];
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", reactAriaPressableStyle],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", ...provider],
      manifestSrc: ["'self'"],
      workerSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'", ...provider],
      frameAncestors: ["'none'"],
    },
  });
}

/**
 * Serves the built web app under /app/ (issue 11, ADR 0016): content-hashed files under
 * /app/assets/ cached for a year (immutable), everything else revalidated (no-cache); each file
 * as the build compressed it (.br, else .gz, beside it: vite.config.mts) when the browser accepts
 * that, with `Content-Encoding` and `Vary: Accept-Encoding`, else as it is. Any other
 * /app/... path is a screen of the app and gets index.html; /app/config.json tells the app how
 * to log in; GET (or HEAD) / sends a browser to /app/. A strict Content-Security-Policy on all of it. The
 * API's paths are untouched. Call after helmet().
 */
export function serveWebApp(app: NestExpressApplication, config: WebConfig, verifier: TokenVerifier): void {
  const index = join(config.root, 'index.html');
  if (!existsSync(index)) new Logger('web').warn(`no web app at ${config.root}: /app/ answers 503 until it is built (npx nx build web)`);
  const csp = contentSecurityPolicy(config);

  app.use((request: IncomingMessage, response: ServerResponse, next: Next) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && request.url === '/') {
      response.writeHead(302, { location: '/app/' }).end();
      return;
    }
    if (request.url === '/app' || request.url?.startsWith('/app/')) csp(request, response, next);
    else next();
  });
  app.use('/app/config.json', (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
    response.end(JSON.stringify({ devLogin: verifier.localIssuer !== null, oidc: config.oidc }));
  });
  const assets = join(config.root, 'assets');
  const files = () =>
    expressStaticGzip(config.root, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: {
        setHeaders: (response: ServerResponse, path: string) => {
          response.setHeader('cache-control', path.startsWith(assets) ? `public, max-age=${year}, immutable` : 'no-cache');
        },
      },
    });
  // express-static-gzip lists the compressed files once: listed anew when a build replaced index.html.
  let served: { builtAt: number; handle: ReturnType<typeof files> } | undefined;
  app.use('/app', (request: IncomingMessage, response: ServerResponse, next: Next) => {
    const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
    if (served?.builtAt !== builtAt) served = { builtAt, handle: files() };
    served.handle(request, response, next);
  });
  app.use('/app', (request: IncomingMessage, response: ServerResponse, next: Next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    // A missing hashed file is a 404, not the page: a stale client must not cache HTML as a script.
    if (request.url?.startsWith('/assets/')) return next();
    // Looked for on each request: a build after the gateway started is served at once.
    if (!existsSync(index)) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The web app is not built: npx nx build web');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : readFileSync(index));
  });
}
