const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `send(i)` `rate` times a second, `count` times, on schedule whatever the answers take; resolves when all did. */
export async function openLoop(count, rate, send) {
  const started = performance.now();
  const sends = [];
  for (let i = 0; i < count; i++) {
    await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
    sends.push(send(i));
  }
  await Promise.all(sends);
}
