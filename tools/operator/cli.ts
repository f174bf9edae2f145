// The operator's command line (issue #4): rebuild a projection from Kafka or PostgreSQL into a
// fresh table, compare it with the live one, swap only when asked; print a stream's audit trail;
// list and replay dead letters. Run: node -r @swc-node/register tools/operator/cli.ts --help
import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Topics } from '@prestaflow/contracts';
import {
  compareProjection,
  EventStore,
  listDeadLetters,
  type Progress,
  type Projection,
  rebuildFromKafka,
  rebuildFromStore,
  replayDeadLetters,
  swapProjection,
} from '@prestaflow/event-store';
import { createDataSource, createKafka, loadPlatformConfig } from '@prestaflow/platform';

const usage = `operator <command> [options]     (DATABASE_URL, KAFKA_BROKERS from the environment)
  rebuild --projections FILE --name NAME --from kafka|postgres [--swap]
  compare --projections FILE --name NAME
  swap    --projections FILE --name NAME
  print-stream STREAM_ID
  dead-letters [--group GROUP] [--replay --projections FILE --name NAME]
FILE is a module exporting \`projections: Projection[]\`.`;

/** One line on stderr, redrawn: bar, count, rate and resident memory. */
function progressBar(label: string): Progress {
  const started = Date.now();
  return (processed, total) => {
    const share = total > 0 ? Math.min(processed / total, 1) : 1;
    const rate = processed / Math.max((Date.now() - started) / 1000, 0.001);
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '-');
    const rss = (process.memoryUsage().rss / 2 ** 20).toFixed(0);
    process.stderr.write(`\r${label} [${bar}] ${processed}/${total} ${rate.toFixed(0)} ev/s rss ${rss} MB `);
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      projections: { type: 'string' },
      name: { type: 'string' },
      from: { type: 'string', default: 'postgres' },
      group: { type: 'string' },
      swap: { type: 'boolean', default: false },
      replay: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [command, argument] = positionals;
  if (values.help || !command) return void console.log(usage);
  const config = loadPlatformConfig('operator', 0);
  const dataSource = await createDataSource({ url: config.databaseUrl, schema: process.env['DATABASE_SCHEMA'] }).initialize();
  const kafka = createKafka('operator', config.kafkaBrokers);
  const projection = async (): Promise<Projection<object>> => {
    if (!values.projections || !values.name) throw new Error(`--projections and --name are needed\n${usage}`);
    const { projections } = (await import(resolve(values.projections))) as { projections: Array<Projection<object>> };
    const found = projections.find((candidate) => candidate.name === values.name);
    if (!found) throw new Error(`no projection ${values.name} in ${values.projections} (${projections.map((p) => p.name).join(', ')})`);
    return found;
  };
  try {
    switch (command) {
      case 'rebuild': {
        const target = await projection();
        const onProgress = progressBar(`rebuild ${target.name} from ${values.from}`);
        const read =
          values.from === 'kafka'
            ? await rebuildFromKafka({ dataSource, projection: target, kafka, topic: Topics.PrestationEvents, onProgress })
            : await rebuildFromStore({ dataSource, projection: target, onProgress });
        console.error(`\n${read} events read`);
        console.log(await compareProjection(dataSource, target));
        if (values.swap) await swapProjection(dataSource, target);
        return;
      }
      case 'compare':
        return void console.log(await compareProjection(dataSource, await projection()));
      case 'swap':
        return await swapProjection(dataSource, await projection());
      case 'print-stream': {
        if (!argument) throw new Error(`print-stream needs a stream id\n${usage}`);
        for (const event of (await new EventStore(dataSource).readStream(argument)).events) {
          console.log(`#${event.streamPosition} ${event.occurredAt} ${event.type} by ${event.actor.role} ${event.actor.id} ${JSON.stringify(event.data)}`);
        }
        return;
      }
      case 'dead-letters': {
        const letters = await listDeadLetters(kafka, values.group);
        for (const letter of letters) {
          console.log(`${letter.consumerGroup} ${letter.originalTopic}[${letter.originalPartition}]@${letter.originalOffset} ${letter.key} ${letter.errorCode}: ${letter.error}`);
        }
        if (values.replay) console.log(`replayed streams: ${(await replayDeadLetters(dataSource, await projection(), letters)).join(', ')}`);
        return;
      }
      default:
        throw new Error(`unknown command ${command}\n${usage}`);
    }
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
