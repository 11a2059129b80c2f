import type { Server } from 'node:http';

/**
 * Stops an HTTP server the way a rolling deployment needs: no new connection is accepted, requests
 * in flight run to their end (a command waiting on its workflow Update included), idle keep-alive
 * connections are closed as soon as their request is answered. After `boundMs` the connections left
 * are cut, so a stuck request never holds the process past its orchestrator's grace period.
 */
export function closeGracefully(server: Server, boundMs: number): Promise<'drained' | 'forced'> {
  return new Promise((resolve) => {
    let outcome: 'drained' | 'forced' = 'drained';
    // A keep-alive connection turns idle once its response is sent: close it then, not 5 s later.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    const bound = setTimeout(() => {
      outcome = 'forced';
      server.closeAllConnections();
    }, boundMs);
    server.close(() => {
      clearInterval(sweeper);
      clearTimeout(bound);
      resolve(outcome);
    });
    server.closeIdleConnections();
  });
}
