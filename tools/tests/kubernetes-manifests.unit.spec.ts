import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { topicDefinitions, Topics } from '@prestaflow/contracts';
import { kafkaTopic, renderTopicsFile } from '../deploy/kafka-topics';
import { kubernetesDirectory, type Manifest, parseManifests, validateManifest } from '../deploy/manifests';

/** Every resource file of the base, read directly (no kubectl needed). */
function baseManifests(): Manifest[] {
  const base = resolve(kubernetesDirectory, 'base');
  const files = readdirSync(base, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
  return files.flatMap((file) => parseManifests(readFileSync(join(base, file), 'utf8')));
}

function find(kind: string, name: string): Manifest {
  const manifest = baseManifests().find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!manifest) throw new Error(`no ${kind}/${name} in the base`);
  return structuredClone(manifest);
}

describe('manifest validation (tools/deploy/manifests.ts)', () => {
  it('accepts every resource of the base', () => {
    const manifests = baseManifests();
    expect(manifests.map((manifest) => manifest.kind)).toEqual(
      expect.arrayContaining(['Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'Kafka', 'KafkaNodePool', 'KafkaTopic', 'Cluster', 'Pooler']),
    );
    expect(manifests.flatMap(validateManifest)).toEqual([]);
  });

  it('refuses a Deployment against the Kubernetes schema: a named port where a number goes, no selector', () => {
    const deployment = find('Deployment', 'gateway');
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    delete deployment.spec.selector;
    const errors = validateManifest(deployment).join('\n');
    expect(errors).toContain('containerPort must be integer');
    expect(errors).toContain("must have required property selector");
  });

  it('refuses a field the operator does not know: spec.kafka.replicas (node pools replaced it in Strimzi 1.x)', () => {
    const kafka = find('Kafka', 'prestaflow');
    kafka.spec.kafka.replicas = 3;
    expect(validateManifest(kafka)).toEqual(['Kafka/prestaflow: /spec/kafka must NOT have additional properties (replicas)']);
  });

  it('refuses wrong types in the CloudNativePG and Strimzi resources', () => {
    const cluster = find('Cluster', 'prestaflow-db');
    cluster.spec.instances = 'three';
    expect(validateManifest(cluster)).toEqual(['Cluster/prestaflow-db: /spec/instances must be integer']);
    const pooler = find('Pooler', 'prestaflow-db-pooler');
    pooler.spec.pgbouncer.poolMode = 'statement';
    expect(validateManifest(pooler).join('\n')).toContain('/spec/pgbouncer/poolMode must be equal to one of the allowed values');
    const topic = find('KafkaTopic', 'prestaflow-prestation-events-v1');
    topic.spec.partitions = '12';
    expect(validateManifest(topic)).toEqual(['KafkaTopic/prestaflow-prestation-events-v1: /spec/partitions must be integer']);
  });

  it('refuses a kind it has no schema for, rather than passing it unchecked', () => {
    const deployment = find('Deployment', 'gateway');
    expect(validateManifest({ ...deployment, apiVersion: 'apps/v1beta1' })).toEqual(['Deployment/gateway: no schema for apps/v1beta1 Deployment']);
  });
});

describe('KafkaTopics generated from libs/contracts/src/topics.ts (tools/deploy/kafka-topics.ts)', () => {
  it('carries the partitions and configuration of topics.ts, replication 3 and min.insync.replicas 2', () => {
    const topic = { name: Topics.PrestationEvents, partitions: 7, config: { 'retention.ms': '-1' } };
    expect(kafkaTopic(topic)).toEqual({
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaTopic',
      metadata: { name: 'prestaflow-prestation-events-v1', labels: { 'strimzi.io/cluster': 'prestaflow' } },
      spec: { topicName: Topics.PrestationEvents, partitions: 7, replicas: 3, config: { 'retention.ms': '-1', 'min.insync.replicas': '2' } },
    });
  });

  it('is what deploy/kubernetes/base/kafka/topics.yaml holds (rerun the generator after changing topics.ts)', () => {
    const committed = readFileSync(resolve(kubernetesDirectory, 'base/kafka/topics.yaml'), 'utf8');
    expect(committed).toBe(renderTopicsFile());
    expect(parseManifests(committed)).toHaveLength(topicDefinitions.length);
  });

  it('would differ from the committed file if topics.ts changed', () => {
    const changed = topicDefinitions.map((topic) => ({ ...topic, partitions: topic.partitions * 2 }));
    expect(renderTopicsFile(changed)).not.toBe(readFileSync(resolve(kubernetesDirectory, 'base/kafka/topics.yaml'), 'utf8'));
  });
});
