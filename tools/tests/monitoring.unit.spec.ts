import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Admin } from 'kafkajs';
import { type DataSource } from 'typeorm';
import { parse } from 'yaml';
import { registerProjectionLag, registerRelayLag } from '@prestaflow/event-store';
import { registerConsumerLag, ServiceMetrics, systemClock } from '@prestaflow/platform';
import { prestationViewProjection } from '@prestaflow/views';
/* eslint-disable @nx/enforce-module-boundaries -- the rules are checked against the metrics each app itself registers */
import { DeadlineMetrics } from '../../apps/deadline-service/src/deadlines/deadline-metrics';
import { NotificationMetrics } from '../../apps/notification-service/src/notifications/notification-metrics';

const monitoring = resolve(__dirname, '../../deploy/monitoring');

/**
 * Every metric any service exposes, with its label names, read from a registry built by the
 * services' own registration code (the dependencies are only used at scrape time, so none is
 * needed here). Histograms also expose _bucket (with `le`), _sum and _count.
 */
function exposedMetrics(): Map<string, Set<string>> {
  const metrics = new ServiceMetrics('monitoring-test');
  const none = {} as DataSource;
  registerRelayLag(metrics, none, 'prestation-events');
  registerProjectionLag(metrics, none, prestationViewProjection);
  registerConsumerLag(metrics, {} as Admin, 'group', () => []);
  new DeadlineMetrics(metrics, none, systemClock);
  new NotificationMetrics(metrics, none);
  const exposed = new Map<string, Set<string>>();
  for (const metric of metrics.registry.getMetricsAsArray() as unknown as Array<{ name: string; labelNames: string[]; constructor: { name: string } }>) {
    const labels = new Set(['service', ...metric.labelNames]);
    exposed.set(metric.name, labels);
    if (metric.constructor.name === 'Histogram') {
      exposed.set(`${metric.name}_bucket`, new Set([...labels, 'le']));
      for (const suffix of ['_sum', '_count']) exposed.set(`${metric.name}${suffix}`, labels);
    }
  }
  return exposed;
}

/** What an expression names that the services would have to expose: its metric names, grouping labels and matcher labels. */
function problemsOf(expr: string, exposed: Map<string, Set<string>>): string[] {
  const names = [...expr.matchAll(/\b((?:prestaflow|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1] as string);
  if (names.length === 0) return [`names no metric of the services: ${expr}`];
  const problems = names.filter((name) => !exposed.has(name)).map((name) => `${name} is not exposed by any service`);
  const labels = new Set(names.flatMap((name) => [...(exposed.get(name) ?? [])]));
  const grouping = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) => (m[1] as string).split(',').map((l) => l.trim()).filter(Boolean));
  const matchers = [...expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...(m[1] as string).matchAll(/([a-zA-Z_]+)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1] as string));
  for (const label of [...grouping, ...matchers]) if (!labels.has(label)) problems.push(`label "${label}" is not on ${names.join(', ')}`);
  return problems;
}

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: { summary?: string };
}

describe('deploy/monitoring: the alert rules, scrape configuration and dashboard (ADR 0024)', () => {
  const exposed = exposedMetrics();
  const rules = (parse(readFileSync(resolve(monitoring, 'alert-rules.yml'), 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((g) => g.rules);

  it('reads the metrics the services expose from their registries', () => {
    expect(exposed.get('prestaflow_consumer_lag_messages')).toEqual(new Set(['service', 'group', 'topic', 'partition']));
    expect(exposed.has('prestaflow_http_request_duration_seconds_bucket')).toBe(true);
    expect(problemsOf('max(prestaflow_no_such_metric) > 0', exposed)).toEqual(['prestaflow_no_such_metric is not exposed by any service']);
    expect(problemsOf('sum by (colour) (prestaflow_dead_letters_total) > 0', exposed)).toEqual(['label "colour" is not on prestaflow_dead_letters_total']);
  });

  it('alerts on relay lag, overdue deadlines, dead letters and growing consumer lag, each with a severity and a summary', () => {
    const byName = new Map(rules.map((rule) => [rule.alert, rule]));
    expect(byName.get('RelayLagging')?.expr).toContain('prestaflow_relay_oldest_unpublished_age_seconds');
    expect(byName.get('DeadlinesOverdue')?.expr).toContain('prestaflow_deadlines_oldest_overdue_age_seconds');
    expect(byName.get('DeadLetters')?.expr).toContain('prestaflow_dead_letters_total');
    expect(byName.get('ConsumerLagGrowing')?.expr).toContain('prestaflow_consumer_lag_messages');
    for (const rule of rules) {
      expect([rule.alert, rule.labels?.severity]).toEqual([rule.alert, expect.stringMatching(/^(page|ticket)$/)]);
      expect([rule.alert, rule.annotations?.summary]).toEqual([rule.alert, expect.any(String)]);
    }
  });

  it('names in every alert expression only metrics and labels the services expose', () => {
    expect(rules.flatMap((rule) => problemsOf(rule.expr, exposed).map((p) => `${rule.alert}: ${p}`))).toEqual([]);
  });

  it('names in every dashboard query only metrics and labels the services expose', () => {
    const dashboard = JSON.parse(readFileSync(resolve(monitoring, 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const queries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ title: panel.title, expr: target.expr })));
    expect(queries.length).toBeGreaterThanOrEqual(10);
    expect(queries.flatMap(({ title, expr }) => problemsOf(expr, exposed).map((p) => `${title}: ${p}`))).toEqual([]);
  });

  it('scrapes /metrics of every service and loads the rules file it sits beside', () => {
    const config = parse(readFileSync(resolve(monitoring, 'prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: Array<{ job_name: string; metrics_path: string; static_configs?: Array<{ targets: string[] }> }>;
    };
    for (const file of config.rule_files) expect(existsSync(resolve(monitoring, file))).toBe(true);
    expect(config.scrape_configs.every((job) => job.metrics_path === '/metrics')).toBe(true);
    const compose = parse(readFileSync(resolve(__dirname, '../../docker-compose.yml'), 'utf8')) as { services: Record<string, unknown> };
    const services = ['gateway', 'encoding-service', 'validation-service', 'notification-service', 'deadline-service'];
    expect(services.every((service) => service in compose.services)).toBe(true);
    const targets = config.scrape_configs.flatMap((job) => job.static_configs ?? []).flatMap((c) => c.targets);
    expect(targets.sort()).toEqual(services.map((service) => `${service}:3000`).sort());
  });
});
