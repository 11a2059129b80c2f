import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Database } from '../db/client.ts';
import { migrationsAtHead } from '../db/migrate.ts';
import { errorCatalogue } from '../domain/errors.ts';
import { logger } from '../services/observability/logger.ts';

export type CheckName = 'postgres' | 'migrations' | 'temporal' | 'worker' | 'shutdown';
export type CheckOutcome = 'ok' | 'failed' | 'skipped';

export interface Readiness {
  ready: boolean;
  checks: Partial<Record<CheckName, CheckOutcome>>;
  /** What is wrong, in French, for the operator; never a host, a password or a raw error. */
  failures: string[];
}

export interface HealthDependencies {
  db: Database;
  /** Resolves when Temporal's frontend serves the namespace, before `deadline` (epoch ms). */
  temporal: (deadline: number) => Promise<unknown>;
  /** The process's own condition (the worker: polling its task queue). */
  process?: { name: 'worker'; ready: () => boolean };
  /** Bound of each check: a dependency that hangs answers « failed », not a hanging probe. */
  timeoutMs?: number;
  log?: (line: string, ready: boolean) => void;
}

export interface Health {
  readiness: () => Promise<Readiness>;
  /** From now on /readyz answers 503 (a proxy stops sending new requests); /healthz stays 200. */
  markStopping: () => void;
  /** GET /healthz and GET /readyz. */
  routes: Hono;
}

const failureMessages: Record<CheckName, string> = {
  postgres: 'la base PostgreSQL ne répond pas',
  migrations: 'la base PostgreSQL n’a pas toutes les migrations (lancez « npm run migrate »)',
  temporal: 'le serveur Temporal est injoignable ou ne connaît pas l’espace de noms',
  worker: 'le worker ne traite pas sa file de tâches',
  shutdown: 'arrêt en cours',
};

/**
 * Liveness and readiness of a process, for an orchestrator or a reverse proxy: /healthz answers
 * while the process runs; /readyz only when PostgreSQL answers, its migrations are at head and
 * Temporal serves the namespace (and, for a worker, while it polls). Each check is bounded.
 */
export function createHealth(deps: HealthDependencies): Health {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const log = deps.log ?? ((line: string, ready: boolean) => (ready ? logger().info(line) : logger().warn(line)));
  let stopping = false;
  let lastFailures = '';

  const shuttingDown: Readiness = {
    ready: false,
    checks: { shutdown: 'failed' },
    failures: [failureMessages.shutdown],
  };

  async function readiness(): Promise<Readiness> {
    if (stopping) return shuttingDown;
    const bounded = <T>(work: () => Promise<T>) => withTimeout(work(), timeoutMs);
    const [postgres, temporal] = await Promise.all([
      outcome(() => bounded(() => deps.db.execute(sql`select 1`))),
      outcome(() => bounded(() => deps.temporal(Date.now() + timeoutMs))),
    ]);
    const migrations: CheckOutcome =
      postgres === 'ok' ? await outcome(() => bounded(() => migrationsAtHead(deps.db)).then(orFail)) : 'skipped';
    // A stop that began meanwhile is the answer (the worker's state, for one, already shows it).
    if (stopping) return shuttingDown;
    const checks: Readiness['checks'] = { postgres, migrations, temporal };
    if (deps.process) checks[deps.process.name] = deps.process.ready() ? 'ok' : 'failed';
    const failures = (Object.entries(checks) as [CheckName, CheckOutcome][])
      .filter(([, result]) => result === 'failed')
      .map(([name]) => failureMessages[name]);
    // Logged when the state changes, not at every probe.
    const summary = failures.join(' ; ');
    if (summary !== lastFailures) {
      log(summary ? `Pas prêt : ${summary}.` : 'Prêt : toutes les vérifications passent.', !summary);
    }
    lastFailures = summary;
    return { ready: failures.length === 0, checks, failures };
  }

  const routes = new Hono();
  routes.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'alive' });
  });
  routes.get('/readyz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const result = await readiness();
    if (result.ready) return c.json({ status: 'ready', checks: result.checks });
    return c.json(
      {
        status: 'not_ready',
        code: 'service.not_ready',
        message: `${errorCatalogue['service.not_ready'].message} Cause : ${result.failures.join(' ; ')}.`,
        checks: result.checks,
      },
      503,
    );
  });

  return {
    readiness,
    markStopping: () => {
      stopping = true;
    },
    routes,
  };
}

async function outcome(check: () => Promise<unknown>): Promise<CheckOutcome> {
  try {
    await check();
    return 'ok';
  } catch {
    return 'failed';
  }
}

function orFail(atHead: boolean): void {
  if (!atHead) throw new Error('migrations missing');
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Temporal's readiness probe from a client or worker connection: the frontend describes the namespace. */
export function temporalProbe(
  connection: {
    withDeadline: <R>(deadline: number, fn: () => Promise<R>) => Promise<R>;
    workflowService: { describeNamespace: (request: { namespace: string }) => Promise<unknown> };
  },
  namespace: string,
): (deadline: number) => Promise<unknown> {
  return (deadline) =>
    connection.withDeadline(deadline, () => connection.workflowService.describeNamespace({ namespace }));
}
