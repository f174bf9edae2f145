// Preloaded (`node --require`) into the built services by built-services.int.spec.ts: node_modules
// resolves as in the image, where `npm ci --omit=dev` installed the production dependencies only.
// A package that package-lock.json marks dev-only is refused as if absent (MODULE_NOT_FOUND), so an
// optional load falls back as it would there, and a required one fails the start.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { relative, resolve } = require('node:path');

const repo = resolve(__dirname, '../../..');
const { packages } = JSON.parse(readFileSync(resolve(repo, 'package-lock.json'), 'utf8'));
const devOnly = new Set(Object.keys(packages).filter((path) => path !== '' && packages[path].dev));
// The innermost package of a path: node_modules/a/node_modules/@b/c/lib/x.js -> node_modules/a/node_modules/@b/c
const innermostPackage = /^(?:node_modules\/(?:@[^/]+\/)?[^/]+\/)*node_modules\/(?:@[^/]+\/)?[^/]+/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const filename = resolveFilename.call(this, request, ...rest);
  const path = relative(repo, filename).split('\\').join('/').match(innermostPackage)?.[0];
  if (path && devOnly.has(path)) {
    throw Object.assign(new Error(`Cannot find module '${request}': ${path} is a devDependency, not in the production image`), { code: 'MODULE_NOT_FOUND' });
  }
  return filename;
};
