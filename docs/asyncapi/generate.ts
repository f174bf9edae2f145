// Writes docs/asyncapi/asyncapi.json from libs/contracts (asyncapi.unit.spec.ts fails while it is stale).
// Run: node -r @swc-node/register docs/asyncapi/generate.ts
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { asyncApiDocument } from '../../tools/asyncapi/asyncapi';

writeFileSync(resolve(__dirname, 'asyncapi.json'), `${JSON.stringify(asyncApiDocument(), null, 2)}\n`);
