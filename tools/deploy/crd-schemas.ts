/**
 * Extracts the validation schema of each custom resource the manifests use from the operators'
 * published CustomResourceDefinitions, so the manifests test validates offline (no schema is
 * downloaded at test time). Upstream files and their checksums: deploy/kubernetes/schemas/README.md.
 *
 *   node -r @swc-node/register tools/deploy/crd-schemas.ts <crd.yaml>...
 *
 * Writes deploy/kubernetes/schemas/<kind>.<group>.<version>.json per served version: the
 * version's `openAPIV3Schema` with every `description` dropped (they are most of the bytes and
 * validate nothing), keys sorted so a regeneration diffs cleanly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import stringify from 'safe-stable-stringify';
import { parseAllDocuments } from 'yaml';

export const schemasDirectory = resolve(__dirname, '../../deploy/kubernetes/schemas');

interface CustomResourceDefinition {
  kind: string;
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; served: boolean; schema: { openAPIV3Schema: unknown } }>;
  };
}

function withoutDescriptions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      // `description` is a keyword here, never a field name: field names live under `properties`.
      .filter(([key, value]) => key !== 'description' || typeof value !== 'string')
      .map(([key, value]) => [key, withoutDescriptions(value)]),
  );
}

/** The file name a schema is stored under, e.g. `Kafka.kafka.strimzi.io.v1.json`. */
export function schemaFileName(kind: string, apiVersion: string): string {
  const [group, version] = apiVersion.split('/');
  return `${kind}.${group}.${version}.json`;
}

function main(files: string[]): void {
  if (files.length === 0) throw new Error('usage: crd-schemas.ts <crd.yaml>...');
  for (const file of files) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = document.toJS() as CustomResourceDefinition | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const version of crd.spec.versions.filter((candidate) => candidate.served)) {
        const name = schemaFileName(crd.spec.names.kind, `${crd.spec.group}/${version.name}`);
        writeFileSync(resolve(schemasDirectory, name), `${stringify(withoutDescriptions(version.schema.openAPIV3Schema))}\n`);
        console.log(`${file} -> ${name}`);
      }
    }
  }
}

if (require.main === module) main(process.argv.slice(2));
