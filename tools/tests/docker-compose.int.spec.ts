import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { loadAuthConfig } from '@prestaflow/platform';
/* eslint-disable-next-line @nx/enforce-module-boundaries -- this deploy check reads the gateway's own configuration code */
import { tokenSource } from '../../apps/gateway/src/auth/auth.config';
import { configurationOf, imageEnvironment, serviceApplications } from './service-configuration';

const repo = resolve(__dirname, '../..');
const composeFile = resolve(repo, 'docker-compose.yml');

/** What the person running `docker compose up` must export (README.md, Authentication). */
const shell = { AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json', AUTH_ISSUER: 'https://idp.example/' };

describe('docker-compose.yml', () => {
  it('is accepted by a Compose implementation (docker-compose config -q)', () => {
    const output = execFileSync('docker-compose', ['-f', composeFile, 'config', '-q'], {
      encoding: 'utf8',
      env: { ...process.env, ...shell },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toBe('');
  });
});

interface ComposeService {
  readonly build?: { readonly args?: { readonly APP?: string } };
  readonly environment?: Record<string, string | number>;
}

/** Compose's interpolation of the two forms the file uses: ${NAME:?why} (required) and ${NAME:-default}. */
function interpolate(value: string, from: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([?-])([^}]*))?\}/g, (_, name: string, form?: string, rest?: string) => {
    const set = from[name];
    if (set) return set;
    if (form === '?') throw new Error(`${name}: ${rest}`);
    return form === '-' ? (rest ?? '') : '';
  });
}

describe('docker-compose.yml sets what each service needs (read from its configuration code)', () => {
  const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const apps = Object.entries(compose.services).filter(([, service]) => service.build?.args?.APP);
  const environmentOf = (service: ComposeService, from: Record<string, string | undefined>): NodeJS.ProcessEnv => ({
    ...imageEnvironment(),
    ...Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), from)])),
  });

  it('runs every app of apps/, each with a configuration check here', () => {
    expect(apps.map(([name]) => name).sort()).toEqual(serviceApplications());
    expect(Object.keys(configurationOf).sort()).toEqual(serviceApplications());
  });

  it.each(Object.keys(configurationOf))('%s: its configuration loads, and every address it dials is a service of the file', (name) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    const addresses = configurationOf[name]!(environmentOf(service!, shell));
    for (const address of addresses) {
      // A broker is host:port; the others are URLs. Inside a container, 127.0.0.1 is itself.
      const { hostname, port } = new URL(address.includes('://') ? address : `tcp://${address}`);
      expect(Object.keys(compose.services)).toContain(hostname);
      const peer = compose.services[hostname]!;
      if (peer.build?.args?.APP) expect(port).toBe(String(environmentOf(peer, shell)['PORT']));
    }
  });

  it('ADR 0018 has no development issuer, and refuses to run without the identity provider', () => {
    expect(tokenSource(loadAuthConfig(environmentOf(compose.services['gateway']!, shell)))).toBe('identity-provider');
    for (const [, service] of apps) {
      expect(environmentOf(service, shell)['AUTH_DEV_ISSUER']).toBeUndefined();
      expect(() => environmentOf(service, { ...shell, AUTH_JWKS_URL: undefined })).toThrow(`AUTH_JWKS_URL: set AUTH_JWKS_URL to your identity provider's JWKS URL`);
      expect(loadAuthConfig(environmentOf(service, shell)).jwksUrl?.href).toBe(shell.AUTH_JWKS_URL);
    }
  });
});
