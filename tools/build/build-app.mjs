// `nx build <app>` (ADR 0021): bundles <app root>/src/main.ts and the workspace libs it imports into
// dist/<app root>/main.js, CommonJS for Node 20: `node dist/apps/gateway/main.js`. Every npm package
// stays an external `require`, resolved from node_modules at run time (in the image, the production
// dependencies only). SWC compiles each TypeScript file with the settings `@swc-node/register` takes
// from tsconfig.base.json in development: esbuild alone emits no `design:paramtypes`, and Nest's
// dependency injection reads them.
import { build } from 'esbuild';
import { transformFile } from '@swc/core';
import { resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
const projectRoot = process.argv[2];
if (!projectRoot) throw new Error('usage: node tools/build/build-app.mjs <project root, e.g. apps/gateway>');

/** TypeScript -> ES2022 modules, legacy decorators with their metadata, class fields defined (target ES2022). */
const swcTypeScript = {
  name: 'swc-typescript',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const { code } = await transformFile(path, {
        swcrc: false,
        sourceMaps: 'inline', // esbuild chains it into the bundle's map
        jsc: {
          target: 'es2022',
          keepClassNames: true,
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
        },
        module: { type: 'es6' }, // esbuild bundles and drops unused exports (libs' test helpers)
      });
      return { contents: code, loader: 'js' };
    });
  },
};

await build({
  absWorkingDir: repo,
  entryPoints: { main: `${projectRoot}/src/main.ts` },
  outdir: `dist/${projectRoot}`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: 'tsconfig.base.json', // the @prestaflow/* paths
  keepNames: true, // TypeORM reads each migration's timestamp from its class name
  sourcemap: true, // for `node --enable-source-maps`
  plugins: [swcTypeScript],
  logLevel: 'warning',
});
console.log(`built dist/${projectRoot}/main.js`);
