import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// deploy/docker/Dockerfile checked without a Docker engine (ADR 0021): its stages read as
// instructions, and its build stage replayed on a copy of exactly what it copies in.

const repo = resolve(__dirname, '../..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}
interface Stage {
  readonly from: string;
  readonly instructions: Instruction[];
}

/** The Dockerfile's stages: continuation lines joined, comments dropped, instructions split at FROM. */
function stages(): Stage[] {
  const text = readFileSync(resolve(repo, 'deploy/docker/Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const result: Stage[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') result.push({ from: args, instructions: [] });
    else result.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
  }
  return result;
}

const named = (name: string) => stages().find((stage) => stage.from.endsWith(` AS ${name}`)) as Stage;
const runtime = () => stages().at(-1) as Stage;
const args = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('deploy/docker/Dockerfile', () => {
  it('runs the bundle of `nx build` with node, as an unprivileged user, in production mode', () => {
    const image = runtime();
    // V8 flags only between node and the bundle (built-services.int.spec.ts starts this command).
    expect(args(image, 'CMD')).toEqual([expect.stringMatching(/^\["sh", "-c", "exec node (--[a-z-]+=\d+ )*dist\/apps\/\$\{APP\}\/main\.js"\]$/)]);
    expect(args(image, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    const user = args(image, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
  });

  it('takes node_modules from a stage that installs production dependencies only, and nothing else but the bundles', () => {
    const copies = args(runtime(), 'COPY');
    expect(copies).toContain('--from=production-dependencies /prestaflow/node_modules ./node_modules');
    expect(args(named('production-dependencies'), 'RUN').join(' ')).toMatch(/\bnpm ci --omit=dev\b/);
    // The packages patches/ changes, as the build stage patched them (its installs run no postinstall).
    expect(args(named('build'), 'RUN').join(' ')).toMatch(/\bnpm ci\b.*&& npx patch-package\b/);
    const patched = readdirSync(resolve(repo, 'patches')).map((patch) => patch.replace(/\+[^+]+\.patch$/, '').replace('+', '/'));
    expect(patched).toContain('kafkajs');
    for (const name of patched) expect(copies).toContain(`--from=build /prestaflow/node_modules/${name} ./node_modules/${name}`);
    // Every other file of the image comes out of dist/ (no sources, no package installed with devDependencies).
    const ofDist = (copy: string) => /^--from=build \/prestaflow\/dist\/\S+ \.\/dist\//.test(copy);
    const ofPatched = (copy: string) => patched.some((name) => copy === `--from=build /prestaflow/node_modules/${name} ./node_modules/${name}`);
    expect(copies.filter((copy) => !copy.includes('/node_modules ') && !ofDist(copy) && !ofPatched(copy))).toEqual([]);
  });

  it("the build stage's copies hold what `nx build` reads: replayed in a directory with only them, it writes dist/apps/gateway/main.js", () => {
    const build = named('build');
    const context = mkdtempSync(join(tmpdir(), 'dockerfile-build-'));
    try {
      for (const copy of args(build, 'COPY')) {
        const parts = copy.split(/\s+/);
        const destination = parts.pop() as string;
        for (const source of parts) cpSync(resolve(repo, source), join(context, destination.endsWith('/') ? source : destination), { recursive: true });
      }
      symlinkSync(resolve(repo, 'node_modules'), join(context, 'node_modules')); // what `npm ci` installs in the stage
      const buildCommand = args(build, 'RUN').find((run) => run.includes('nx build')) as string;
      execSync(buildCommand.replace('${APP}', 'gateway'), { cwd: context, stdio: 'pipe', timeout: 240_000, env: { ...process.env, NX_DAEMON: 'false' } });
      expect(existsSync(join(context, 'dist/apps/gateway/main.js'))).toBe(true);
    } finally {
      rmSync(context, { recursive: true, force: true });
    }
  }, 250_000);
});
