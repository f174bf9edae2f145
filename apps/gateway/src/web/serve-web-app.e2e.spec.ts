import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { type INestApplication } from '@nestjs/common';
import { startService } from '@prestaflow/platform';
import { uniqueName } from '@prestaflow/platform/testing';
import { gateway } from '../service';

/** The raw answer, bytes as sent (fetch would decompress them). */
function raw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('gateway: the web app files, compressed and cached (issue 11 item 4)', () => {
  let app: INestApplication;
  let url: string;
  const root = mkdtempSync(join(tmpdir(), 'web-root-'));
  // As the build lays them out (vite.config.mts): a hashed asset, the service worker, each with .br and .gz beside it.
  const script = Buffer.from(`export const screens = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `screen-${i}`))};\n`);
  const serviceWorker = Buffer.from(`self.addEventListener('fetch', () => {});\n// ${'keep the shell '.repeat(40)}\n`);
  const index = '<!doctype html><html lang="fr"><head><script type="module" src="/app/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';

  const built = (path: string, body: Buffer) => {
    writeFileSync(join(root, path), body);
    writeFileSync(join(root, `${path}.br`), brotliCompressSync(body));
    writeFileSync(join(root, `${path}.gz`), gzipSync(body, { level: 9 }));
  };

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), index);
    for (const [path, body] of [['assets/index-Ab12Cd34.js', script], ['sw.js', serviceWorker]] as const) built(path, body);
    process.env['WEB_ROOT'] = root; // read at boot (web-config.ts)
    app = await startService({ ...gateway, name: uniqueName('gateway-web') }, { ...process.env, PORT: '0', AUTH_DEV_ISSUER: '1', AUTH_JWKS_URL: '' }).finally(() => delete process.env['WEB_ROOT']);
    url = await app.getUrl();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it('sends a hashed asset as brotli when the browser accepts it, immutable for a year, bytes that decompress to the file', async () => {
    const answer = await raw(`${url}/app/assets/index-Ab12Cd34.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['vary']).toMatch(/accept-encoding/i);
    expect(answer.headers['content-type']).toMatch(/^text\/javascript; charset=utf-8$/i);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(answer.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(answer.body)).toEqual(script);
  });

  it('sends gzip to a browser that takes only gzip, and the file itself to one that takes neither', async () => {
    const gzip = await raw(`${url}/app/assets/index-Ab12Cd34.js`, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['vary']).toMatch(/accept-encoding/i);
    expect(gunzipSync(gzip.body)).toEqual(script);

    const plain = await raw(`${url}/app/assets/index-Ab12Cd34.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toEqual(script);
  });

  it('has the service worker compressed but revalidated on every load (no-cache), so a new version is picked up', async () => {
    const answer = await raw(`${url}/app/sw.js`, { 'accept-encoding': 'br' });
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(answer.body)).toEqual(serviceWorker);
  });

  it("answers a screen's path with index.html, no-cache, under the strict policy; a missing hashed file is a 404", async () => {
    const page = await raw(`${url}/app/worker/prestations/p-1`, { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body.toString()).toBe(index);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe');

    expect((await raw(`${url}/app/assets/index-Gone0000.js`, { 'accept-encoding': 'br' })).status).toBe(404);
  });

  it('serves a build made while it runs compressed too (a new index.html: the compressed files are listed again)', async () => {
    const next = Buffer.from(`${script.toString()}export const version = 2;\n`);
    built('assets/index-Ef56Gh78.js', next);
    writeFileSync(join(root, 'index.html'), index.replace('Ab12Cd34', 'Ef56Gh78'));
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(root, 'index.html'), later, later);

    const answer = await raw(`${url}/app/assets/index-Ef56Gh78.js`, { 'accept-encoding': 'br' });
    expect(answer.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(answer.body)).toEqual(next);
  });
});
