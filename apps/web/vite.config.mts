// The web app (issue 11): built to static files under /app/ that the gateway serves (ADR 0016).
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;
const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000';
const apiPrefixes = ['/auth', '/me', '/company', '/worker', '/user', '/operator', '/docs', '/.well-known'];

export default defineConfig({
  root: here,
  base: '/app/',
  plugins: [react()],
  resolve: {
    // The statuses' labels, the same data the API answers with (one source, R12).
    alias: { '@prestaflow/domain/status-labels': resolve(here, '../../libs/domain/src/status-labels.ts') },
  },
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true, target: 'es2022', assetsDir: 'assets' },
  // `npx nx serve web`: the API through the running gateway (npm start).
  server: { proxy: Object.fromEntries(apiPrefixes.map((prefix) => [prefix, gateway])) },
});
