/** One sample of a scrape: its metric name (with _bucket/_sum/_count), labels and value. */
export interface ScrapedSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/gy;
const typeLine = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

/**
 * Parses a Prometheus text exposition (format 0.0.4) strictly, for tests: every line is a
 * HELP/TYPE comment or a sample of a family declared by a TYPE line before it; anything else
 * throws naming the line.
 */
export function parsePrometheusText(text: string): ScrapedSample[] {
  const families = new Map<string, string>();
  const samples: ScrapedSample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '' || line.startsWith('# HELP ')) continue;
    const type = typeLine.exec(line);
    if (type) {
      families.set(type[1] as string, type[2] as string);
      continue;
    }
    const sample = sampleLine.exec(line);
    if (!sample) throw new Error(`line ${index + 1} is not Prometheus text: ${line}`);
    const [, name, labelText, raw] = sample as unknown as [string, string, string | undefined, string];
    const family = families.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    if (!families.has(family)) throw new Error(`line ${index + 1}: ${name} has no TYPE line before it`);
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    // Prometheus reads floats as Go's ParseFloat does: NaN in any case (prom-client writes "Nan").
    if (Number.isNaN(value) && !/^nan$/i.test(raw)) throw new Error(`line ${index + 1}: "${raw}" is not a number`);
    samples.push({ name, labels: parseLabels(labelText ?? '', index + 1), value });
  }
  return samples;
}

function parseLabels(text: string, lineNumber: number): Record<string, string> {
  const labels: Record<string, string> = {};
  labelPair.lastIndex = 0;
  while (labelPair.lastIndex < text.length) {
    const start = labelPair.lastIndex;
    const pair = labelPair.exec(text);
    if (!pair) throw new Error(`line ${lineNumber}: bad labels at "${text.slice(start)}"`);
    labels[pair[1] as string] = (pair[2] as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

/** GET `${baseUrl}/metrics` without a token, parsed (throws on anything but a 200 in Prometheus text). */
export async function scrapeMetrics(baseUrl: string): Promise<ScrapedSample[]> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics: ${response.status} ${await response.text()}`);
  return parsePrometheusText(await response.text());
}

/** The value of the series named `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(samples: readonly ScrapedSample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}
