import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/** A TCP port free on the loopback interface right now (one the system picks, usually above 32767). */
export function freePort(): Promise<number> {
  return listenOnce(0);
}

/**
 * A free loopback port in [10000, 32767]: Temporal stores its membership ports in a PostgreSQL
 * `smallint`, so the system's ephemeral ports (32768 and up) make its server fail to start.
 */
export async function freeSmallPort(): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await listenOnce(randomInt(10_000, 32_768));
    } catch (error) {
      if (attempt >= 100) throw error;
    }
  }
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
