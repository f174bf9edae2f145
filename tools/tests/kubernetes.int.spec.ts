import { topicDefinitions, Topics } from '@prestaflow/contracts';
import { callerKeySet, dataSourceOptions, loadAuthConfig } from '@prestaflow/platform';
/* eslint-disable-next-line @nx/enforce-module-boundaries -- this deploy check reads the gateway's own configuration code */
import { tokenSource } from '../../apps/gateway/src/auth/auth.config';
import { topicMinInSyncReplicas, topicReplicas } from '../deploy/kafka-topics';
import { type Manifest, renderOverlay, validateManifest } from '../deploy/manifests';
import { configurationOf, imageEnvironment, serviceApplications } from './service-configuration';

// Builds each overlay with `kubectl kustomize` (kubectl 1.14+; .ci/run installs Debian's
// kubernetes-client where kubectl is missing) and checks what a cluster would be given.

type Labels = Record<string, string>;
interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface KeyReference {
  name: string;
  key: string;
  optional?: boolean;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyReference; configMapKeyRef?: KeyReference };
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}

/**
 * The Secrets and ConfigMaps the manifests name but do not make (deploy/README.md, "Secrets and
 * settings"), with example values of the right shape; an optional one may be absent.
 */
const madeOutside: Record<string, string> = {
  'prestaflow-db-app/username': 'prestaflow', // CloudNativePG
  'prestaflow-db-app/password': 'made-by-cloudnativepg',
  'prestaflow-smtp/url': 'smtp://mailer:secret@smtp.example:587',
  'prestaflow-identity-provider/AUTH_JWKS_URL': 'https://idp.example/jwks.json',
  'prestaflow-identity-provider/AUTH_ISSUER': 'https://idp.example/',
  'prestaflow-identity-provider/AUTH_AUDIENCE': 'prestaflow',
};

/** Kubernetes label selector semantics, for the operators the manifests use. */
function selects(selector: LabelSelector, labels: Labels): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every((expression) => {
    if (expression.operator === 'In') return expression.values!.includes(labels[expression.key]);
    if (expression.operator === 'Exists') return expression.key in labels;
    throw new Error(`selector operator ${expression.operator} not handled by this test`);
  });
  return byLabels && byExpressions;
}

const applications = serviceApplications();
const eventLog = topicDefinitions.find((topic) => topic.name === Topics.PrestationEvents)!;

describe.each(['production', 'dev'])('deploy/kubernetes/overlays/%s', (overlay) => {
  let manifests: Manifest[];
  const all = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
  const one = (kind: string, name?: string) => {
    const found = all(kind).filter((manifest) => name === undefined || manifest.metadata.name === name);
    if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
    return found[0];
  };
  const podLabels = (deployment: Manifest): Labels => deployment.spec.template.metadata.labels;
  const container = (name: string) => one('Deployment', name).spec.template.spec.containers[0];
  const env = (name: string): EnvVar[] => container(name).env;

  /**
   * The container's environment as the process sees it: the image's ENV, then the manifest's, each
   * reference read from a rendered ConfigMap or from `madeOutside`, `$(VAR)` expanded.
   */
  function environmentOf(name: string): NodeJS.ProcessEnv {
    const resolved: NodeJS.ProcessEnv = imageEnvironment();
    for (const variable of env(name)) {
      const reference = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
      let value = variable.value;
      if (reference) {
        const configMap = variable.valueFrom?.configMapKeyRef && all('ConfigMap').find((candidate) => candidate.metadata.name === reference.name);
        value = configMap ? (configMap as unknown as { data: Record<string, string> }).data[reference.key] : madeOutside[`${reference.name}/${reference.key}`];
        if (value === undefined && reference.optional) continue;
        if (value === undefined) throw new Error(`${name}: ${variable.name} names ${reference.name}/${reference.key}, neither rendered nor listed as made outside`);
      }
      resolved[variable.name] = (value ?? '').replace(/\$\(([A-Z_]+)\)/g, (_, dependency: string) => resolved[dependency] ?? `$(${dependency})`);
    }
    return resolved;
  }

  /** The peers allowed to open connections to pods with `labels`, over every policy that selects them (but `except`). */
  function ingressPeers(labels: Labels, except: readonly string[] = []): Peer[][] {
    return all('NetworkPolicy')
      .filter((policy) => selects(policy.spec.podSelector, labels) && !except.includes(policy.metadata.name))
      .flatMap((policy) => (policy.spec.ingress ?? []).map((rule: { from?: Peer[] }) => rule.from ?? [{}]));
  }

  /** The rendered workloads a peer (pod selector, no namespace selector: this namespace) matches. */
  function workloadsMatching(peer: Peer): string[] {
    if (peer.namespaceSelector || peer.ipBlock || !peer.podSelector) return ['<outside the namespace or anyone>'];
    return all('Deployment')
      .filter((deployment) => selects(peer.podSelector!, podLabels(deployment)))
      .map((deployment) => deployment.metadata.name)
      .sort();
  }

  /** The rendered Service `hostname` when it has `port` and selects one of the applications' pods. */
  function serviceFor(hostname: string, port: string): Manifest | undefined {
    const service = all('Service').find((candidate) => candidate.metadata.name === hostname);
    if (!service?.spec.ports.some((candidate: { port: number }) => String(candidate.port) === port)) return undefined;
    return all('Deployment').some((deployment) => selects({ matchLabels: service.spec.selector }, podLabels(deployment))) ? service : undefined;
  }

  beforeAll(() => {
    manifests = renderOverlay(overlay);
  });

  it('validates every resource against the Kubernetes and the operators’ schemas', () => {
    expect(manifests.length).toBeGreaterThan(20);
    expect(manifests.flatMap(validateManifest)).toEqual([]);
  });

  it('runs each application of apps/ with probes on /health, resources, a Service, a PodDisruptionBudget', () => {
    expect(all('Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(applications);
    for (const name of applications) {
      const deployment = one('Deployment', name);
      const { readinessProbe, livenessProbe, startupProbe, resources, ports } = container(name);
      for (const probe of [readinessProbe, livenessProbe, startupProbe]) {
        expect(probe.httpGet.path).toBe('/health');
        expect(ports.map((port: { name: string }) => port.name)).toContain(probe.httpGet.port);
      }
      expect(Object.keys(resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(resources.limits.memory).toBeDefined();
      const service = all('Service').filter((candidate) => selects({ matchLabels: candidate.spec.selector }, podLabels(deployment)));
      expect(service.map((candidate) => candidate.metadata.name)).toEqual([name]);
      const budgets = all('PodDisruptionBudget').filter((budget) => selects(budget.spec.selector, podLabels(deployment)));
      expect(budgets).toHaveLength(1);
      expect(selects(deployment.spec.selector, podLabels(deployment))).toBe(true);
    }
  });

  it(`autoscales every application, a consumer of the event log, to at most its ${eventLog.partitions} partitions (topics.ts)`, () => {
    const targets = all('HorizontalPodAutoscaler').map((autoscaler) => autoscaler.spec.scaleTargetRef.name).sort();
    expect(targets).toEqual(applications);
    for (const autoscaler of all('HorizontalPodAutoscaler')) {
      expect(autoscaler.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(autoscaler.spec.minReplicas).toBeGreaterThanOrEqual(1);
      expect(autoscaler.spec.maxReplicas).toBeLessThanOrEqual(eventLog.partitions);
    }
  });

  it('gives each service what its configuration code needs, every address it dials a rendered Service', () => {
    const kafka = one('Kafka');
    const listener = kafka.spec.kafka.listeners.find((candidate: { tls: boolean }) => !candidate.tls);
    const pooler = one('Pooler');
    expect(pooler.spec.cluster.name).toBe(one('Cluster').metadata.name);
    expect(Object.keys(configurationOf).sort()).toEqual(applications);
    for (const name of applications) {
      const environment = environmentOf(name);
      const addresses = configurationOf[name]!(environment);
      expect(environment['HOST']).toBe('0.0.0.0');
      expect(container(name).ports.map((port: { containerPort: number }) => String(port.containerPort))).toContain(environment['PORT']);
      for (const address of addresses) {
        const { hostname, port } = new URL(address.includes('://') ? address : `tcp://${address}`);
        if (hostname.endsWith('.example')) continue; // outside the cluster (madeOutside)
        if (hostname === `${kafka.metadata.name}-kafka-bootstrap`) expect(port).toBe(String(listener.port));
        else if (hostname === pooler.metadata.name) expect(port).toBe('5432');
        else expect(serviceFor(hostname, port)).toBeDefined();
      }
    }
  });

  it('takes every secret by reference: no Secret rendered, credentials from secretKeyRef', () => {
    expect(all('Secret')).toEqual([]);
    for (const name of applications) {
      for (const variable of env(name)) {
        if (/PASSWORD|PRIVATE_KEY|SMTP_URL|DB_USER/.test(variable.name)) expect(variable.valueFrom?.secretKeyRef).toBeDefined();
        if (variable.value) expect(variable.value).not.toMatch(/:\/\/[^$/]+:[^$@]+@/); // no user:password@ written out
      }
    }
  });

  it('lets only the gateway reach the internal services, and nothing else in without a policy', () => {
    expect(all('NetworkPolicy').some((policy) => Object.keys(policy.spec.podSelector).length === 0 && policy.spec.policyTypes.includes('Ingress') && !policy.spec.ingress)).toBe(true);
    for (const name of applications.filter((application) => application !== 'gateway')) {
      // Prometheus's way in is checked on its own below.
      const peers = ingressPeers(podLabels(one('Deployment', name)), ['metrics-from-monitoring']).flat();
      expect(peers.length).toBeGreaterThan(0);
      for (const peer of peers) expect(workloadsMatching(peer)).toEqual(['gateway']);
    }
  });

  it('lets Prometheus in the monitoring namespace scrape every service on its http port, where the pods say to (ADR 0024)', () => {
    const policy = one('NetworkPolicy', 'metrics-from-monitoring');
    expect(policy.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 'http' }] }]);
    for (const name of applications) {
      const deployment = one('Deployment', name);
      expect(selects(policy.spec.podSelector, podLabels(deployment))).toBe(true);
      expect(deployment.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '3000', 'prometheus.io/path': '/metrics' });
    }
  });

  it('lets only the services reach Kafka and PgBouncer, and only PgBouncer reach the PostgreSQL instances', () => {
    const listeners = one('Kafka').spec.kafka.listeners;
    for (const listener of listeners) {
      expect(listener.networkPolicyPeers.length).toBeGreaterThan(0);
      for (const peer of listener.networkPolicyPeers) expect(workloadsMatching(peer)).toEqual(applications);
    }
    const pooler = one('Pooler');
    // The labels CloudNativePG 1.30 puts on its pods (pkg/specs/pgbouncer/deployments.go, pkg/utils/labels_annotations.go).
    const cluster = pooler.spec.cluster.name;
    const poolerPeers = ingressPeers({ 'cnpg.io/cluster': cluster, 'cnpg.io/poolerName': pooler.metadata.name, 'cnpg.io/podRole': 'pooler' }).flat();
    expect(poolerPeers.length).toBeGreaterThan(0);
    for (const peer of poolerPeers) expect(workloadsMatching(peer)).toEqual(applications);
    const instancePeers = ingressPeers({ 'cnpg.io/cluster': cluster, 'cnpg.io/instanceName': `${cluster}-1`, 'cnpg.io/podRole': 'instance' }).flat();
    expect(instancePeers.length).toBeGreaterThan(0);
    for (const peer of instancePeers) {
      // The operator from its namespace; else pods of this namespace that are none of the services.
      if (peer.namespaceSelector) expect(peer.namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'cnpg-system' });
      else expect(workloadsMatching(peer)).toEqual([]);
    }
  });

  it('declares every topic of topics.ts as a KafkaTopic: partitions, replication 3, min.insync.replicas 2, its configuration', () => {
    const kafka = one('Kafka');
    const topics = all('KafkaTopic');
    expect(topics.map((topic) => topic.spec.topicName).sort()).toEqual(topicDefinitions.map((topic) => topic.name).sort());
    for (const definition of topicDefinitions) {
      const topic = topics.find((candidate) => candidate.spec.topicName === definition.name)!;
      expect(topic.metadata.labels!['strimzi.io/cluster']).toBe(kafka.metadata.name);
      expect(topic.spec.partitions).toBe(definition.partitions);
      expect(topic.spec.replicas).toBe(3);
      expect(topic.spec.config).toEqual({ ...definition.config, 'min.insync.replicas': '2' });
    }
    expect([topicReplicas, topicMinInSyncReplicas]).toEqual([3, 2]);
    const brokers = all('KafkaNodePool').filter((pool) => pool.spec.roles.includes('broker') && pool.metadata.labels!['strimzi.io/cluster'] === kafka.metadata.name);
    expect(brokers.reduce((sum, pool) => sum + pool.spec.replicas, 0)).toBeGreaterThanOrEqual(3);
  });

  it('runs PostgreSQL as a CloudNativePG Cluster of 3 behind a session-mode Pooler, within its connection budget', () => {
    const cluster = one('Cluster');
    const pooler = one('Pooler');
    expect(cluster.spec.instances).toBe(3);
    expect(pooler.spec.type).toBe('rw');
    // Session mode: the relay's advisory lock (ADR 0004) and named prepared statements (ADR 0010).
    expect(pooler.spec.pgbouncer.poolMode).toBe('session');
    const poolSize = dataSourceOptions({ url: 'postgres://budget' }).poolSize!;
    const budget = all('HorizontalPodAutoscaler').reduce((sum, autoscaler) => sum + autoscaler.spec.maxReplicas * poolSize, 0);
    const serverConnections = pooler.spec.instances * Number(pooler.spec.pgbouncer.parameters.default_pool_size);
    expect(budget).toBeLessThanOrEqual(serverConnections);
    // Room beside PgBouncer: superuser_reserved_connections (3), replication, the operator.
    expect(serverConnections + 20).toBeLessThanOrEqual(Number(cluster.spec.postgresql.parameters.max_connections));
  });

  it(
    overlay === 'production'
      ? 'ADR 0018: every service verifies tokens against the identity provider, by reference; no development issuer'
      : 'ADR 0018: the gateway issues development tokens, the services verify them against its key set',
    () => {
      const gateway = loadAuthConfig(environmentOf('gateway'));
      if (overlay === 'production') {
        expect(tokenSource(gateway)).toBe('identity-provider');
        for (const name of applications) {
          expect(env(name).filter((variable) => variable.name === 'AUTH_DEV_ISSUER' || variable.name === 'NODE_ENV')).toEqual([]);
          for (const setting of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) {
            const variable = env(name).find((candidate) => candidate.name === setting);
            expect(variable?.valueFrom?.configMapKeyRef).toEqual({ name: 'prestaflow-identity-provider', key: setting });
          }
        }
      } else {
        expect(tokenSource(gateway)).toBe('development-issuer');
        for (const name of applications.filter((application) => application !== 'gateway')) {
          const keySet = callerKeySet(loadAuthConfig(environmentOf(name)));
          expect(keySet.pathname).toBe('/.well-known/jwks.json');
          const service = serviceFor(keySet.hostname, keySet.port);
          expect(service && selects({ matchLabels: service.spec.selector }, podLabels(one('Deployment', 'gateway')))).toBe(true);
        }
      }
    },
  );
});
