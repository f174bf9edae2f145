// A writer as its own process, for the fault tests: adds 1..ES_COUNT to the tally ES_STREAM
// through the command handler. DATABASE_URL, ES_SCHEMA, ES_STREAM, ES_COUNT, ES_WRITER.
import { createDataSource } from '@prestaflow/platform';
import { CommandHandler } from '../command-handler';
import { EventStore } from '../event-store';
import { exitWithParent, setting } from './processes';
import { tallyCodec, tallyDecider } from './tally';

async function main(): Promise<void> {
  exitWithParent();
  const dataSource = await createDataSource({ url: setting('DATABASE_URL'), schema: setting('ES_SCHEMA'), poolSize: 4 }).initialize();
  const tallies = new CommandHandler(new EventStore(dataSource), tallyDecider, { streamType: 'tally', codec: tallyCodec, maxAttempts: 1_000 });
  let retries = 0;
  for (let amount = 1; amount <= Number(setting('ES_COUNT')); amount++) {
    const result = await tallies.handle(setting('ES_STREAM'), { type: 'Add', data: { amount } }, {
      actor: { id: setting('ES_WRITER'), role: 'SERVICE' },
      occurredAt: '2025-06-02T08:00:00.000Z',
    });
    retries += result.attempts - 1;
  }
  await dataSource.destroy();
  process.send?.({ retries });
  process.exit(0);
}

void main();
