import net from 'node:net';

/** Fails with a message naming the port when something already listens on it. */
export function assertPortFree(port, host = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    const probe = net.createServer();
    probe.once('error', () => reject(new Error(`port ${port} on ${host} is already in use: stop what holds it or choose another port`)));
    probe.listen(port, host, () => probe.close(() => resolvePort()));
  });
}

/** A port nothing listens on right now, chosen by the system. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolvePort, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}
