import { Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from '../with-timeout';
import { metricCatalogue } from './catalogue';

type Definition<Type extends string> = Extract<(typeof metricCatalogue)[keyof typeof metricCatalogue], { type: Type }>;
type LabelsOf<D extends { labelNames: readonly string[] }> = D['labelNames'][number];

/** One sample of a gauge read at scrape time: its labels and value. */
export interface Sample<Label extends string = string> {
  readonly labels: Partial<Record<Label, string | number>>;
  readonly value: number;
}

/** The longest a scrape-time read may take before its gauge is left empty for this scrape. */
const READ_TIMEOUT_MS = 5_000;

/**
 * A service's Prometheus registry (one per application, so that services booted in one test
 * process keep theirs apart): prom-client's process metrics, the HTTP duration histogram, the
 * dead-letter counter, and gauges computed when Prometheus scrapes. Every series carries the
 * `service` label. Names come from metricCatalogue (ADR 0024).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<LabelsOf<typeof metricCatalogue.httpDuration>>;
  readonly deadLetters: Counter<LabelsOf<typeof metricCatalogue.deadLetters>>;
  private readonly collectErrors: Counter<LabelsOf<typeof metricCatalogue.collectErrors>>;
  private readonly logger = new Logger(ServiceMetrics.name);

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    const { httpDuration, deadLetters, collectErrors } = metricCatalogue;
    this.httpDuration = new Histogram({ ...httpDuration, labelNames: [...httpDuration.labelNames], registers: [this.registry] });
    this.deadLetters = new Counter({ ...deadLetters, labelNames: [...deadLetters.labelNames], registers: [this.registry] });
    this.collectErrors = new Counter({ ...collectErrors, labelNames: [...collectErrors.labelNames], registers: [this.registry] });
  }

  /**
   * A gauge whose samples `read` computes on each scrape (a SQL count, the broker's offsets).
   * A read that fails or takes longer than 5 s leaves the gauge without samples for that
   * scrape (an alert on it then sees no data rather than a stale figure) and is counted in
   * prestaflow_metric_collect_errors_total.
   */
  gaugeAtScrape<D extends Definition<'gauge'>>(definition: D, read: () => Promise<ReadonlyArray<Sample<LabelsOf<D>>>>): void {
    const { logger, collectErrors } = this;
    new Gauge({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const { labels, value } of await withTimeout(read(), READ_TIMEOUT_MS)) this.set(labels, value);
        } catch (error) {
          collectErrors.inc({ metric: definition.name });
          logger.warn(`${definition.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      },
    });
  }
}
