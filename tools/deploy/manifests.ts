/**
 * Renders the Kustomize overlays of deploy/kubernetes and validates each resource offline:
 * Kubernetes kinds against the API schemas shipped by `kubernetes-models`, the operators' kinds
 * (Strimzi, CloudNativePG) against their published CRD schemas kept in deploy/kubernetes/schemas
 * (tools/deploy/crd-schemas.ts). Used by tools/tests/kubernetes*.spec.ts.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { schemaFileName, schemasDirectory } from './crd-schemas';

export const kubernetesDirectory = resolve(__dirname, '../../deploy/kubernetes');

/** A rendered resource: only what every kind has is typed; the rest is read per kind. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a resource's spec is whatever its kind says
  readonly spec?: any;
}

/** Parses a multi-document YAML text into resources (empty documents dropped). */
export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map((error) => error.message).join('; '));
      return document.toJS() as Manifest | null;
    })
    .filter((manifest): manifest is Manifest => manifest !== null);
}

/**
 * `kubectl kustomize <overlay>`: kubectl 1.14+ embeds Kustomize (Debian's kubernetes-client
 * package is enough; KUBECTL names another binary). Throws with kubectl's message on a bad overlay.
 */
export function renderOverlay(overlay: string): Manifest[] {
  const kubectl = process.env['KUBECTL'] || 'kubectl';
  const output = execFileSync(kubectl, ['kustomize', resolve(kubernetesDirectory, 'overlays', overlay)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseManifests(output);
}

interface KubernetesModel {
  validate(): void;
}
type ModelClass = new (data: object) => KubernetesModel;

/** The Kubernetes kinds the manifests use; any other kind without a CRD schema is refused. */
const kubernetesModels: Readonly<Record<string, ModelClass>> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 ConfigMap': ConfigMap,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

/**
 * What `kubectl apply --validate=strict` does with a CRD's structural schema: a field the schema
 * does not declare is an error, unless the schema keeps unknown fields on purpose (free-form
 * configuration such as Kafka's `config`) or describes a map (`additionalProperties`).
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  if ('properties' in node && !('additionalProperties' in node) && !node['x-kubernetes-preserve-unknown-fields']) {
    node['additionalProperties'] = false;
  }
  return node;
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const crdValidators = new Map<string, ValidateFunction>();

function crdValidator(manifest: Manifest): ValidateFunction | undefined {
  const name = schemaFileName(manifest.kind, manifest.apiVersion);
  if (!crdValidators.has(name)) {
    if (!readdirSync(schemasDirectory).includes(name)) return undefined;
    crdValidators.set(name, ajv.compile(closed(JSON.parse(readFileSync(resolve(schemasDirectory, name), 'utf8'))) as object));
  }
  return crdValidators.get(name);
}

/** Why `manifest` would be refused (empty when valid), each message naming kind/name and the field. */
export function validateManifest(manifest: Manifest): string[] {
  const where = `${manifest.kind}/${manifest.metadata?.name}`;
  const Model = kubernetesModels[`${manifest.apiVersion} ${manifest.kind}`];
  if (Model) {
    try {
      new Model(manifest).validate();
      return [];
    } catch (error) {
      return [`${where}: ${(error as Error).message}`];
    }
  }
  const validate = crdValidator(manifest);
  if (!validate) return [`${where}: no schema for ${manifest.apiVersion} ${manifest.kind}`];
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params['additionalProperty'])})` : '';
    return `${where}: ${error.instancePath || '/'} ${error.message}${extra}`;
  });
}
