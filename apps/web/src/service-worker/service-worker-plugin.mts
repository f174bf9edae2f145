import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Plugin } from 'vite';

const placeholder = '__BUILD_VERSION__';

/** What a build's version is made of: every output file by name, with its content. */
export interface BuiltFile {
  readonly fileName: string;
  readonly content: string | Uint8Array;
}

/**
 * The build's version: a hash of the service worker's own code and every file of the build, so
 * that any change to what the app serves gives another version (and nothing else does).
 */
export function buildVersion(serviceWorker: string, files: readonly BuiltFile[]): string {
  const hash = createHash('sha256').update(serviceWorker);
  for (const file of [...files].sort((a, b) => a.fileName.localeCompare(b.fileName))) hash.update(`\0${file.fileName}\0`).update(file.content);
  return hash.digest('hex').slice(0, 16);
}

/** The service worker with its version written in; a template without the placeholder is refused. */
export function serviceWorkerSource(serviceWorker: string, version: string): string {
  if (!serviceWorker.includes(placeholder)) throw new Error(`sw.js: no ${placeholder} to write the build's version into`);
  return serviceWorker.replaceAll(placeholder, version);
}

/**
 * Emits /app/sw.js (from `template`, src/service-worker/sw.js) with the build's version: a
 * byte-identical service worker is never installed again, so a deployed build would not reach
 * installed apps. In development (`vite` serve) it answers sw.js with the version `dev`.
 */
export function serviceWorkerPlugin(template: string): Plugin {
  return {
    name: 'prestaflow-service-worker',
    generateBundle(_options, bundle) {
      const serviceWorker = readFileSync(template, 'utf8');
      const files = Object.values(bundle).map((output) => ({ fileName: output.fileName, content: output.type === 'chunk' ? output.code : output.source }));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(serviceWorker, buildVersion(serviceWorker, files)) });
    },
    configureServer(server) {
      server.middlewares.use('/app/sw.js', (_request, response) => {
        response.setHeader('content-type', 'text/javascript');
        response.end(serviceWorkerSource(readFileSync(template, 'utf8'), 'dev'));
      });
    },
  };
}
