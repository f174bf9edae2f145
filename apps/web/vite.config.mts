// The web app (issue 11): built to static files under /app/ that the gateway serves (ADR 0016).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { serviceWorkerPlugin } from './src/service-worker/service-worker-plugin.mts';

const here = import.meta.dirname;
const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000';
const apiPrefixes = ['/auth', '/me', '/company', '/worker', '/user', '/operator', '/docs', '/.well-known'];

export default defineConfig({
  root: here,
  base: '/app/',
  // Each text file also as .br and .gz beside it, at the highest levels, once at build time: the
  // gateway sends the one the browser accepts (serve-web-app.ts), with no compression per request.
  // The service worker is emitted with the build's version (src/service-worker), compressed like the rest.
  plugins: [react(), serviceWorkerPlugin(resolve(here, 'src/service-worker/sw.js')), compression({ include: /\.(?:html|js|css|svg|json|webmanifest)$/, logLevel: 'silent' })],
  resolve: {
    // The statuses' labels, the same data the API answers with (one source, R12); the contracts'
    // limits (a text's most characters), the ones the API checks.
    alias: {
      '@prestaflow/domain/status-labels': resolve(here, '../../libs/domain/src/status-labels.ts'),
      '@prestaflow/contracts/schema': resolve(here, '../../libs/contracts/src/schema.ts'),
    },
  },
  // asset-manifest.json lists every chunk, the lazily loaded screens' too: the service worker keeps them all.
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, target: 'es2022', assetsDir: 'assets', manifest: 'asset-manifest.json' },
  // `npx nx serve web`: the API through the running gateway (npm start).
  server: { proxy: Object.fromEntries(apiPrefixes.map((prefix) => [prefix, gateway])) },
});
