import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';
import { type TokenRole } from '../auth/bearer-tokens';

export interface TestTokenOptions {
  /** Seconds until `exp`; null: no `exp` at all. One hour by default. */
  readonly lifetimeSeconds?: number | null;
}

/**
 * An identity provider for integration tests of the services behind the gateway: its own key
 * pair, the public half served as a JWKS over HTTP (AUTH_JWKS_URL in `env`), tokens on demand.
 */
export class TestIssuer {
  private constructor(
    private readonly server: Server,
    private readonly privateKey: KeyLike,
    readonly env: { readonly AUTH_JWKS_URL: string },
  ) {}

  static async start(): Promise<TestIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-issuer', alg: 'ES256', use: 'sig' };
    const server = createServer((_, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return new TestIssuer(server, privateKey, { AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
  }

  /** A token with the platform's default issuer and audience. */
  token(role: TokenRole, sub: string, { lifetimeSeconds = 3600 }: TestTokenOptions = {}): Promise<string> {
    const jwt = new SignJWT({ role }).setProtectedHeader({ alg: 'ES256', kid: 'test-issuer' }).setSubject(sub).setIssuer('prestaflow-local-issuer').setAudience('prestaflow').setIssuedAt();
    return (lifetimeSeconds === null ? jwt : jwt.setExpirationTime(`${lifetimeSeconds}s`)).sign(this.privateKey);
  }

  /** The header the services expect. */
  async authorization(role: TokenRole, sub: string): Promise<{ authorization: string }> {
    return { authorization: `Bearer ${await this.token(role, sub)}` };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
