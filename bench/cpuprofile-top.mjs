// Top functions of a V8 CPU profile (node --cpu-prof), by self and by inclusive time, and self
// time per package, optionally cut to a window of the monotonic clock (what the gateway bench
// prints per phase with BENCH_CPU_PROF_DIR set):
//   node bench/cpuprofile-top.mjs FILE.cpuprofile [--window FROM-TO] [--top 25]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const [from, to] = (option('--window') ?? `0-${Number.MAX_SAFE_INTEGER}`).split('-').map(Number);
const top = Number(option('--top') ?? 25);
const profile = JSON.parse(readFileSync(args[0], 'utf8'));

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
const where = ({ url, lineNumber }) => (url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '');
const nameOf = ({ callFrame }) => `${callFrame.functionName || '(anonymous)'} ${where(callFrame)}`.trim();
const packageOf = ({ callFrame: { url, functionName } }) =>
  /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('node:') ? 'node:' + url.slice(5).replace(/^internal\/(deps\/)?/, '').split('/')[0] : url.includes('/libs/') || url.includes('/apps/') ? 'ours' : url ? url : functionName);

const self = new Map();
const inclusive = new Map();
const packages = new Map();
const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
let time = profile.startTime;
let total = 0;
profile.samples.forEach((id, index) => {
  time += profile.timeDeltas[index];
  if (time < from || time > to) return;
  // A sample stands for the interval to the next one.
  const weight = (profile.timeDeltas[index + 1] ?? 0) / 1000;
  total += weight;
  const leaf = nodes.get(id);
  add(self, nameOf(leaf), weight);
  add(packages, packageOf(leaf), weight);
  const seen = new Set();
  for (let node = leaf; node; node = nodes.get(parent.get(node.id))) seen.add(nameOf(node));
  for (const name of seen) add(inclusive, name, weight);
});

const print = (title, map) => {
  console.log(`${title}:`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
};
console.log(`${args[0]}: ${total.toFixed(0)} ms sampled in the window`);
print('self time by package', packages);
print('self time', self);
print('inclusive time', inclusive);
