import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { migrateDatabase } from '../db/migrate.ts';
import { openBenchDatabase } from './directory-search.ts';

/**
 * What oversized anonymous bodies cost the server: its resident memory (VmRSS, and the peak VmHWM,
 * from /proc) before and after three parallel 100 MB logins, once announced by Content-Length and
 * once streamed (chunked). The server runs in its own process. Writes bench/results/request-size.md.
 */
const megabytes = Number(process.env.PARCOURS_BENCH_BODY_MB ?? 100);
const parallel = 3;
const resultsDir = new URL('./results/', import.meta.url);

type Memory = { rssMb: number; peakMb: number };
type Round = { mode: string; statuses: number[]; sentMb: number[]; before: Memory; after: Memory };

async function memoryOf(pid: number): Promise<Memory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** One login whose body is `megabytes` of JSON string, written with backpressure until answered. */
function hugeLogin(port: number, chunked: boolean): Promise<{ status: number; sentMb: number }> {
  const total = megabytes * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/auth/login',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': `10.88.0.${Math.floor(Math.random() * 250) + 1}`,
          ...(chunked ? {} : { 'content-length': String(total) }),
        },
      },
      (response) => {
        answered = true;
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, sentMb: sent / 1024 / 1024 }));
      },
    );
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

export async function runRequestSizeBench(): Promise<string> {
  const database = await openBenchDatabase();
  await migrateDatabase(database.url);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./request-size-server.ts', import.meta.url))],
    { env: { ...process.env, DATABASE_URL: database.url }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        const match = /ready (\d+)/.exec(data.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', (code) => reject(new Error(`serveur arrêté (${code})`)));
    });
    const pid = child.pid ?? 0;
    // A few ordinary requests first: the baseline is a server that has served, not a cold one.
    for (let warm = 0; warm < 5; warm++) await fetch(`http://127.0.0.1:${port}/api/auth/cgu`).then((r) => r.text());
    const rounds: Round[] = [];
    for (const mode of ['Content-Length', 'chunked'] as const) {
      const before = await memoryOf(pid);
      const answers = await Promise.all(Array.from({ length: parallel }, () => hugeLogin(port, mode === 'chunked')));
      const after = await memoryOf(pid);
      rounds.push({
        mode,
        statuses: answers.map((answer) => answer.status),
        sentMb: answers.map((answer) => Math.round(answer.sentMb)),
        before,
        after,
      });
    }
    const report = [
      `# ${parallel} parallel ${megabytes} MB anonymous logins: the server's memory`,
      '',
      `Server process alone (bench/request-size-server.ts), body limit 1 MB. RSS and its peak (VmHWM) from /proc, in MB.`,
      '',
      '| body sent as | statuses | MB written by each client before the answer | RSS before | RSS after | peak before | peak after |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rounds.map(
        (round) =>
          `| ${round.mode} | ${round.statuses.join(', ')} | ${round.sentMb.join(', ')} | ${round.before.rssMb} | ${round.after.rssMb} | ${round.before.peakMb} | ${round.after.peakMb} |`,
      ),
      '',
      'Before the limit (issue 12, finding 5): the same three logins took the server from 149 to 822 MB.',
      '',
    ].join('\n');
    await mkdir(resultsDir, { recursive: true });
    await writeFile(new URL('request-size.md', resultsDir), report);
    await writeFile(
      new URL('request-size.json', resultsDir),
      `${JSON.stringify({ date: new Date().toISOString(), megabytes, parallel, rounds }, null, 2)}\n`,
    );
    console.log(report);
    return report;
  } finally {
    child.kill('SIGTERM');
    await database.stop();
  }
}
