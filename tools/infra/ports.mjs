import net from 'node:net';

/** Fails with a message naming the port when something already listens on it. */
export function assertPortFree(port, host = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`port ${port} on ${host} is already in use: stop what holds it or choose another port`)));
    probe.listen(port, host, () => probe.close(() => resolvePort()));
  });
}

/**
 * A port nothing uses right now, below Linux's ephemeral range (32768-60999), where outgoing
 * connections take their local ports and could take this one before its server listens (the
 * same choice as libs/platform/src/testing/own-broker.ts freePort, which says why).
 */
export async function freePort(host = '127.0.0.1') {
  for (;;) {
    const port = 15_000 + Math.floor(Math.random() * 17_000);
    if (await assertPortFree(port, host).then(() => true, () => false)) return port;
  }
}
