import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { callerKeySet, loadAuthConfig, loadPlatformConfig } from '@prestaflow/platform';
/* eslint-disable @nx/enforce-module-boundaries -- the deploy checks read each app's own configuration code */
import { tokenSource } from '../../apps/gateway/src/auth/auth.config';
import { loadServiceUrls } from '../../apps/gateway/src/commands/internal-services';
import { loadDeadlineConfig } from '../../apps/deadline-service/src/config';
import { loadNotificationConfig } from '../../apps/notification-service/src/config';
/* eslint-enable @nx/enforce-module-boundaries */

// Shared by the deploy checks (docker-compose.yml, deploy/kubernetes): each service's own
// configuration code, run on the environment a deployment gives its container.

const repo = resolve(__dirname, '../..');

/** The apps that run as a service process (apps/<name>/src/main.ts); apps/web is static files the gateway serves. */
export const serviceApplications = (): string[] =>
  readdirSync(resolve(repo, 'apps'))
    .filter((name) => existsSync(resolve(repo, 'apps', name, 'src/main.ts')))
    .sort();

/** The ENV of deploy/docker/Dockerfile (HOST, NODE_ENV), which every service's container starts with. */
export function imageEnvironment(): Record<string, string> {
  const line = readFileSync(resolve(repo, 'deploy/docker/Dockerfile'), 'utf8').match(/^ENV (.+)$/m)?.[1] ?? '';
  return Object.fromEntries(line.split(/\s+/).map((pair) => pair.split('=') as [string, string]).filter(([name]) => name !== 'APP'));
}

function behindTheGateway(name: string, port: number, env: NodeJS.ProcessEnv): string[] {
  const platform = loadPlatformConfig(name, port, env);
  callerKeySet(loadAuthConfig(env));
  return [...platform.kafkaBrokers, platform.databaseUrl];
}

/**
 * Per app: its configuration code run on `env`. It throws where a variable the service needs is
 * missing or refused (the gateway without a token source, or with two), and answers the
 * addresses the service will dial (brokers as host:port, the others as URLs).
 */
export const configurationOf: Record<string, (env: NodeJS.ProcessEnv) => string[]> = {
  gateway: (env) => {
    const platform = loadPlatformConfig('gateway', 3000, env);
    tokenSource(loadAuthConfig(env));
    const services = loadServiceUrls(env);
    return [...platform.kafkaBrokers, platform.databaseUrl, services.encoding, services.validation];
  },
  'encoding-service': (env) => behindTheGateway('encoding-service', 3001, env),
  'validation-service': (env) => behindTheGateway('validation-service', 3002, env),
  'notification-service': (env) => {
    const smtp = loadNotificationConfig(env).smtpUrl;
    return [...behindTheGateway('notification-service', 3003, env), ...(smtp ? [smtp] : [])];
  },
  'deadline-service': (env) => {
    loadDeadlineConfig(env);
    return behindTheGateway('deadline-service', 3004, env);
  },
};
