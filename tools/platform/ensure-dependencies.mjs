// Runs `npm ci` when a fresh clone has no node_modules yet, so that the README's two commands
// are all a newcomer needs. Uses node's standard library only: nothing is installed yet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');
if (!existsSync(join(repo, 'node_modules/.package-lock.json'))) {
  console.log('node_modules is missing: running npm ci first');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repo, stdio: 'inherit' });
  if (npm.status !== 0) process.exit(npm.status ?? 1);
}
