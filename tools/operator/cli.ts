// The operator's command line (issues #4, #10): list the projections it knows, rebuild one from
// Kafka or PostgreSQL into a fresh table, compare it with the live one, swap only when asked;
// print a stream's audit trail; list and replay dead letters; import the legacy export at the
// cut-over (issue #13, R10). Results are JSON on stdout;
// progress, bad events and errors go to stderr. Run: node -r @swc-node/register tools/operator/cli.ts --help
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type DataSource } from 'typeorm';
import { Topics } from '@prestaflow/contracts';
import {
  type BadEvent,
  badEventPolicies,
  type BadEventPolicy,
  compareProjection,
  describeBadEvent,
  EventStore,
  listDeadLetters,
  type Progress,
  type Projection,
  rebuildFromKafka,
  rebuildFromStore,
  replayDeadLetters,
  swapProjection,
} from '@prestaflow/event-store';
import { createDataSource, createKafka, parseBrokers, parseCutOver, requiredSetting } from '@prestaflow/platform';
import { policyWithCutOver } from '@prestaflow/write-side';
import { prestationViewProjection } from '@prestaflow/views';
/* eslint-disable-next-line @nx/enforce-module-boundaries -- the operator rebuilds the projections the services themselves define */
import { deadlineProjection } from '../../apps/deadline-service/src/deadlines/deadline.projection';
/* eslint-disable-next-line @nx/enforce-module-boundaries -- as above (ADR 0029) */
import { notificationStateProjection } from '../../apps/notification-service/src/notifications/notification-state.projection';
import { checkLegacyExport, importLegacyLines, LegacyExportRefused } from './legacy-import';

/** Every projection of the platform, by name: the gateway's views, the deadlines (ADR 0026), the notification states (ADR 0029). */
const projections: ReadonlyMap<string, Projection<object>> = new Map(
  [prestationViewProjection, deadlineProjection, notificationStateProjection].map((projection): [string, Projection<object>] => [projection.name, projection]),
);
const sources = ['postgres', 'kafka'] as const;

const usage = `operator <command> [options]     (DATABASE_URL, DATABASE_SCHEMA; KAFKA_BROKERS only for Kafka)
  projections                                    the projections it knows: ${[...projections.keys()].join(', ')}
  rebuild --name NAME [--from postgres|kafka] [--on-bad-event stop|skip] [--swap]
  compare --name NAME
  swap    --name NAME
  print-stream STREAM_ID
  dead-letters [--group GROUP] [--replay --name NAME [--on-bad-event stop|skip]]
  import-legacy FILE.csv [--go-live INSTANT] [--operator LOGIN] [--in-flight N]
Results are JSON on stdout; progress, bad events and errors on stderr (exit code 1 on an error).
--on-bad-event: at an event the projection or its contract refuses, stop there (the default) or
skip it and the rest of its stream and go on; each bad event is reported (stream, position, why).
import-legacy (R10): checks every line first (a bad line: nothing written, each listed on stderr
and in the JSON), then imports each line once (a rerun skips what is there); the worker's
deadline counts from --go-live (an ISO instant, default now) or CUT_OVER, whichever is later. --operator: the actor of the audit
trail (default $USER); --in-flight: commands at a time (default 4). README: "Cut-over import".`;

class UsageError extends Error {}

const print = (result: unknown) => console.log(JSON.stringify(result, null, 2));

/** One line on stderr, redrawn at most 5 times a second: bar, count, rate and resident memory. */
function progressBar(label: string, unit = 'ev'): Progress {
  const started = Date.now();
  let drawn = 0;
  return (processed, total) => {
    if (processed < total && Date.now() - drawn < 200) return;
    drawn = Date.now();
    const share = total > 0 ? Math.min(processed / total, 1) : 1;
    const rate = processed / Math.max((Date.now() - started) / 1000, 0.001);
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '-');
    const rss = (process.memoryUsage().rss / 2 ** 20).toFixed(0);
    process.stderr.write(`\r${label} [${bar}] ${processed}/${total} ${rate.toFixed(0)} ${unit}/s rss ${rss} MB `);
  };
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} ${value}: must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** An ISO 8601 instant with its offset (`2026-06-01T00:00:00+02:00`), as UTC ISO. */
function instant(option: string, value: string): string {
  const parsed = new Date(value);
  if (!/T\d\d:\d\d.*(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(parsed.getTime())) throw new UsageError(`--${option} ${value}: must be an instant with its offset, e.g. 2026-06-01T00:00:00+02:00`);
  return parsed.toISOString();
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      from: { type: 'string', default: 'postgres' },
      'on-bad-event': { type: 'string', default: 'stop' },
      group: { type: 'string' },
      swap: { type: 'boolean', default: false },
      replay: { type: 'boolean', default: false },
      'go-live': { type: 'string' },
      operator: { type: 'string', default: process.env['USER'] || 'operator' },
      'in-flight': { type: 'string', default: '4' },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, argument] = positionals;
  if (values.help || !command) return void console.log(usage);
  const from = oneOf('from', values.from, sources);
  const onBadEvent = oneOf<BadEventPolicy>('on-bad-event', values['on-bad-event'], badEventPolicies);
  const projection = (): Projection<object> => {
    if (!values.name) throw new UsageError(`--name is needed: one of ${[...projections.keys()].join(', ')}`);
    const found = projections.get(values.name);
    if (!found) throw new UsageError(`no projection ${values.name}: the projections are ${[...projections.keys()].join(', ')}`);
    return found;
  };
  // Opened only by the commands that use them: listing dead letters needs no database, and
  // nothing but a Kafka rebuild and the dead letters needs Kafka.
  let dataSource: DataSource | undefined;
  const database = async () =>
    (dataSource ??= await createDataSource({ url: requiredSetting(process.env, 'DATABASE_URL'), schema: process.env['DATABASE_SCHEMA'] }).initialize());
  const kafka = () => createKafka('operator', parseBrokers(requiredSetting(process.env, 'KAFKA_BROKERS')));
  const badEvents: BadEvent[] = [];
  const reportBadEvent = (bad: BadEvent) => {
    badEvents.push(bad);
    process.stderr.write(`\nbad event (${onBadEvent === 'skip' ? 'skipped with the rest of its stream' : 'stopping'}): ${describeBadEvent(bad)}\n`);
  };
  try {
    switch (command) {
      case 'projections':
        return print([...projections.values()].map(({ name, table, handles }) => ({ name, table, handles })));
      case 'rebuild': {
        const target = projection();
        const options = { dataSource: await database(), projection: target, onProgress: progressBar(`rebuild ${target.name} from ${from}`), onBadEvent, reportBadEvent };
        const eventsRead =
          from === 'kafka' ? await rebuildFromKafka({ ...options, kafka: kafka(), topic: Topics.PrestationEvents }) : await rebuildFromStore(options);
        process.stderr.write('\n');
        const comparison = await compareProjection(options.dataSource, target);
        if (values.swap) await swapProjection(options.dataSource, target);
        return print({ projection: target.name, from, eventsRead, badEvents, comparison, swapped: values.swap });
      }
      case 'compare':
        return print(await compareProjection(await database(), projection()));
      case 'swap': {
        const target = projection();
        await swapProjection(await database(), target);
        return print({ projection: target.name, swapped: true });
      }
      case 'print-stream': {
        if (!argument) throw new UsageError('print-stream needs a stream id');
        const stream = await new EventStore(await database()).readStream(argument);
        if (stream.events.length === 0) throw new Error(`no stream ${argument}`);
        return print({ streamId: argument, version: stream.version, events: stream.events });
      }
      case 'dead-letters': {
        const target = values.replay ? projection() : undefined;
        const letters = await listDeadLetters(kafka(), values.group);
        if (!target) return print({ deadLetters: letters });
        const onProgress = progressBar(`replay into ${target.name} (streams)`);
        const replayed = await replayDeadLetters(await database(), target, letters, { onBadEvent, reportBadEvent, onProgress });
        process.stderr.write('\n');
        return print({ deadLetters: letters, replayed, badEvents });
      }
      case 'import-legacy': {
        if (!argument) throw new UsageError('import-legacy needs the legacy export (a CSV file)');
        const csv = readFileSync(argument, 'utf8');
        const goLive = instant('go-live', values['go-live'] ?? new Date().toISOString());
        const inFlight = Number(values['in-flight']);
        if (!Number.isInteger(inFlight) || inFlight < 1 || inFlight > 16) throw new UsageError(`--in-flight ${values['in-flight']}: must be a whole number from 1 to 16`);
        const db = await database();
        const options = { goLive, inFlight, policy: policyWithCutOver(parseCutOver(process.env)), actor: { id: values.operator, role: 'OPERATOR' as const } };
        let lines;
        try {
          lines = await checkLegacyExport(db, csv, { ...options, onProgress: progressBar(`check ${argument}`, 'lines') });
          process.stderr.write('\n');
        } catch (error) {
          if (!(error instanceof LegacyExportRefused)) throw error;
          process.stderr.write('\n');
          process.exitCode = 1;
          for (const bad of error.badLines) process.stderr.write(`line ${bad.line}, ${bad.field}: ${bad.why}\n`);
          process.stderr.write(`${error.message}\n`);
          return print({ file: argument, imported: 0, badLines: error.badLines });
        }
        const report = await importLegacyLines(db, lines, { ...options, onProgress: progressBar(`import ${argument}`, 'lines') });
        process.stderr.write('\n');
        return print({ file: argument, ...report });
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    await dataSource?.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n\n${usage}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
