import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Rollup } from 'vite';
import { buildVersion, serviceWorkerPlugin, serviceWorkerSource } from './service-worker-plugin.mts';
import { type ServiceWorkers } from '../app/app-update';

const template = resolve(__dirname, 'sw.js');

/** What the plugin emits for a bundle of `files` (file name -> content), as a build would write it. */
function emittedServiceWorker(files: Record<string, string>): string {
  const bundle = Object.fromEntries(Object.entries(files).map(([fileName, code]) => [fileName, fileName.endsWith('.js') ? { type: 'chunk', fileName, code } : { type: 'asset', fileName, source: code }]));
  let emitted = '';
  const hook = serviceWorkerPlugin(template).generateBundle as (this: unknown, options: unknown, bundle: Rollup.OutputBundle) => void;
  hook.call({ emitFile: ({ source }: { source: string }) => (emitted = source) }, {}, bundle as unknown as Rollup.OutputBundle);
  return emitted;
}

describe("the service worker carries the build's version, so installed apps take each new build", () => {
  const build = { 'index.html': '<script src="/app/assets/index-a1.js"></script>', 'assets/index-a1.js': 'console.log(1)', 'assets/worker-b2.js': 'export {}' };

  it('differs from one build to the next as soon as any file differs, in name or content', () => {
    const first = emittedServiceWorker(build);
    expect(first).toMatch(/const CACHE = 'prestaflow-app-[0-9a-f]{16}';/);
    expect(emittedServiceWorker({ ...build, 'assets/worker-b2.js': 'export const x = 1' })).not.toBe(first);
    expect(emittedServiceWorker({ ...build, 'assets/share-c3.js': 'export {}' })).not.toBe(first);
    expect(emittedServiceWorker({ ...build, 'index.html': '<script src="/app/assets/index-a2.js"></script>' })).not.toBe(first);
  });

  it('stays the same for the same files, whatever their order (a rebuild of the same sources is no update)', () => {
    const reversed = Object.fromEntries(Object.entries(build).reverse());
    expect(emittedServiceWorker(reversed)).toBe(emittedServiceWorker(build));
  });

  it("changes with the service worker's own code, and is otherwise the template as written", () => {
    const code = readFileSync(template, 'utf8');
    const version = buildVersion(code, []);
    expect(buildVersion(`${code}\n// changed`, [])).not.toBe(version);
    expect(serviceWorkerSource(code, version)).toBe(code.replace('__BUILD_VERSION__', version));
    expect(() => serviceWorkerSource('const CACHE = "fixed";', version)).toThrow(/__BUILD_VERSION__/);
  });
});

describe('the app offers a reload when a new build takes over the page', () => {
  /** navigator.serviceWorker as far as the watch reads it: its controller and `controllerchange`. */
  const serviceWorkers = (controller: unknown): ServiceWorkers => Object.assign(new EventTarget(), { controller });
  /** The module afresh (its state is the page's): no update known yet. */
  const freshPage = async () => {
    let page: typeof import('../app/app-update') | undefined;
    await jest.isolateModulesAsync(async () => {
      page = await import('../app/app-update');
    });
    const told = jest.fn();
    page!.updateReadiness.subscribe(told);
    return { ...page!, told };
  };

  it('says nothing on the first install on a device (no service worker controlled the page)', async () => {
    const { watchForUpdates, updateReadiness, told } = await freshPage();
    const container = serviceWorkers(null);
    watchForUpdates(container);
    container.dispatchEvent(new Event('controllerchange'));
    expect([updateReadiness.isReady(), told.mock.calls.length]).toEqual([false, 0]);
  });

  it("offers it, telling the layout, once another build's service worker replaces the one that controlled the page", async () => {
    const { watchForUpdates, updateReadiness, told } = await freshPage();
    const container = serviceWorkers({ scriptURL: '/app/sw.js' });
    watchForUpdates(container);
    expect(updateReadiness.isReady()).toBe(false);
    container.dispatchEvent(new Event('controllerchange'));
    expect([updateReadiness.isReady(), told.mock.calls.length]).toEqual([true, 1]);
  });

  it('offers it when a new build replaces, in the same page, the service worker first installed there', async () => {
    const { watchForUpdates, updateReadiness, told } = await freshPage();
    const container = serviceWorkers(null);
    watchForUpdates(container);
    container.dispatchEvent(new Event('controllerchange')); // the first install takes the page
    expect(updateReadiness.isReady()).toBe(false);
    container.dispatchEvent(new Event('controllerchange')); // the next build's
    expect([updateReadiness.isReady(), told.mock.calls.length]).toEqual([true, 1]);
  });
});
