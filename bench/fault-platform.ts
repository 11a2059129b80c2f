import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { formatPayloadKey, newPayloadKey, type PayloadKey } from '../app/payload-codec.ts';
import { temporalCliPath, temporalDevServerArgs } from '../app/temporal-tools.ts';

/**
 * The platform of the fault campaign as `npm start` assembles it (bin/dev.ts), but with the
 * Temporal dev server, the HTTP server and the worker as separate child processes that can be
 * killed with SIGKILL: each one is restarted whenever it exits, and says when it is ready again.
 */

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export type ProcessName = 'temporal' | 'server' | 'worker';
export const processNames: readonly ProcessName[] = ['temporal', 'server', 'worker'];

export interface ProcessFigures {
  /** SIGKILLs sent by the campaign. */
  kills: number;
  /** Exits nobody asked for once ready (a worker giving up on a Temporal that is away, for example). */
  crashes: number;
  /** Exits before being ready (a server started while Temporal is away cannot connect), then restarted. */
  failedStarts: number;
  /** From each kill to ready again, in ms. */
  recoveryMs: number[];
}

class ManagedProcess {
  readonly figures: ProcessFigures = { kills: 0, crashes: 0, failedStarts: 0, recoveryMs: [] };
  private child: ChildProcess | undefined;
  private ready = false;
  private stopping = false;
  private killedByUs = false;
  private restartDelayMs = 0;
  private waiters: (() => void)[] = [];

  constructor(
    readonly name: ProcessName,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
    private readonly probe: () => Promise<boolean>,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.stopping) return;
    const log = openSync(this.logFile, 'a');
    const child = spawn(this.command, this.args, { cwd: repoRoot, env: this.env, stdio: ['ignore', log, log] });
    closeSync(log);
    this.child = child;
    this.killedByUs = false;
    child.once('exit', () => {
      const wasReady = this.ready;
      this.ready = false;
      if (this.stopping) return;
      if (!this.killedByUs) {
        if (wasReady) this.figures.crashes++;
        else this.figures.failedStarts++;
      }
      const delay = this.killedByUs ? this.restartDelayMs : 1000;
      setTimeout(() => this.start(), delay);
    });
    void this.watchReadiness(child);
  }

  /** kill -9, then a restart after `restartDelayMs`; resolves once ready again. */
  async kill(restartDelayMs: number, timeoutMs: number): Promise<number> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) throw new Error(`${this.name} is not running`);
    const startedAt = Date.now();
    this.figures.kills++;
    this.killedByUs = true;
    this.restartDelayMs = restartDelayMs;
    this.ready = false;
    child.kill('SIGKILL');
    await this.whenReady(timeoutMs);
    const recovery = Date.now() - startedAt;
    this.figures.recoveryMs.push(recovery);
    return recovery;
  }

  whenReady(timeoutMs: number): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} not ready after ${timeoutMs / 1000} s (see ${this.logFile})`)),
        timeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** SIGTERM, then SIGKILL if it is still there after 10 s. */
  stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** Last resort when the campaign itself dies: no child outlives it. */
  killNow(): void {
    this.stopping = true;
    this.child?.kill('SIGKILL');
  }

  private async watchReadiness(child: ChildProcess): Promise<void> {
    while (this.child === child && child.exitCode === null && child.signalCode === null) {
      if (await this.probe().catch(() => false)) {
        if (this.child !== child || child.exitCode !== null || child.signalCode !== null) return;
        this.ready = true;
        for (const wake of this.waiters.splice(0)) wake();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export interface FaultPlatform {
  processes: Record<ProcessName, ManagedProcess>;
  baseUrl: string;
  appUrl: string;
  temporalAddress: string;
  taskQueue: string;
  namespace: string;
  /** The key ring the server and the worker encrypt payloads with: the campaign's client reads states with it. */
  payloadKeys: PayloadKey[];
  /** Resolves once all three answer. */
  allReady: (timeoutMs: number) => Promise<void>;
  stop: () => Promise<void>;
}

export async function startFaultPlatform(options: {
  dir: string;
  databaseUrl: string;
  ports: { temporal: number; server: number; workerHealth: number };
}): Promise<FaultPlatform> {
  const namespace = 'default';
  const taskQueue = 'parcours-faults';
  const temporalAddress = `127.0.0.1:${options.ports.temporal}`;
  const payloadKeys = [newPayloadKey('faults-1')];
  const appUrl = `http://localhost:${options.ports.server}`;
  const baseUrl = `http://127.0.0.1:${options.ports.server}`;
  // The providers and Pro Santé Connect of whoever runs the campaign stay out of it: messages go to the outbox only.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(RESEND_|BREVO_|PSC_|TEMPORAL_|DATABASE_URL$|PORT$)/.test(name)),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    DATABASE_URL: options.databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
    HOST: '127.0.0.1',
    PORT: String(options.ports.server),
    PARCOURS_APP_URL: appUrl,
    PARCOURS_WORKER_HEALTH_PORT: String(options.ports.workerHealth),
    PARCOURS_DAILY_DIGEST: 'false',
    PARCOURS_SHUTDOWN_TIMEOUT_SECONDS: '5',
    // A key ring of the campaign's own, so its client decodes what the worker encrypts.
    PARCOURS_PAYLOAD_KEYS: payloadKeys.map(formatPayloadKey).join(','),
  };
  const httpReady = (url: string) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  const temporalReady = async () => {
    const connection = await Connection.connect({ address: temporalAddress, connectTimeout: 1000 });
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return true;
    } finally {
      await connection.close();
    }
  };
  const node = (script: string) => ['--import', 'tsx', script];
  const processes: Record<ProcessName, ManagedProcess> = {
    temporal: new ManagedProcess(
      'temporal',
      temporalCliPath(),
      temporalDevServerArgs({ dbFilename: `${options.dir}/temporal.db`, port: options.ports.temporal, namespace }),
      env,
      `${options.dir}/temporal.log`,
      temporalReady,
    ),
    server: new ManagedProcess(
      'server',
      process.execPath,
      node('bin/server.ts'),
      env,
      `${options.dir}/server.log`,
      httpReady(`${baseUrl}/readyz`),
    ),
    worker: new ManagedProcess(
      'worker',
      process.execPath,
      node('bin/worker.ts'),
      env,
      `${options.dir}/worker.log`,
      httpReady(`http://127.0.0.1:${options.ports.workerHealth}/readyz`),
    ),
  };
  const killAll = () => {
    for (const managed of Object.values(processes)) managed.killNow();
  };
  process.once('exit', killAll);

  const allReady = async (timeoutMs: number) => {
    await Promise.all(Object.values(processes).map((managed) => managed.whenReady(timeoutMs)));
  };
  // Temporal first, as bin/dev.ts does: the server and the worker connect to it when they start.
  processes.temporal.start();
  await processes.temporal.whenReady(120_000);
  processes.worker.start();
  processes.server.start();
  await allReady(300_000);

  return {
    processes,
    baseUrl,
    appUrl,
    temporalAddress,
    taskQueue,
    namespace,
    payloadKeys,
    allReady,
    async stop() {
      // Server and worker first, then Temporal (bin/dev.ts's order).
      await Promise.all([processes.server.stop(), processes.worker.stop()]);
      await processes.temporal.stop();
      process.off('exit', killAll);
    },
  };
}
