import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { freePort } from '../../app/ports.ts';
import { outboxMessages } from '../../db/schema.ts';
import { inDays } from '../support/days.ts';
import { completeDossier } from '../support/dossiers.ts';
import { createTestPlatform, demo, demoFiness, type TestPlatform } from '../support/platform.ts';
import { waitFor } from '../support/wait-for.ts';

// The SDK's Prometheus exporter is part of the Temporal runtime, installed once per process (this
// one has its own): the worker runs as the real entry point, in a process of its own.
let platform: TestPlatform;
let worker: ChildProcess;
let workerMetricsPort: number;
const channel = `metrics-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  platform = await createTestPlatform({ metrics: true });
  workerMetricsPort = await freePort();
  const healthPort = await freePort();
  worker = spawn(process.execPath, ['--import', 'tsx', 'bin/worker.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: platform.taskQueue,
      PARCOURS_PAYLOAD_KEYS: readFileSync(new URL('../fixtures/payload-keys', import.meta.url), 'utf8').trim(),
      PARCOURS_DAILY_DIGEST: 'false',
      PARCOURS_RETENTION_SCHEDULE: 'false',
      PARCOURS_DEV_MAILBOX: 'true',
      HOST: '127.0.0.1',
      PARCOURS_WORKER_HEALTH_PORT: String(healthPort),
      PARCOURS_WORKER_METRICS_PORT: String(workerMetricsPort),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(
    'the worker polling its task queue',
    async () => ((await fetch(`http://127.0.0.1:${healthPort}/readyz`).catch(() => undefined))?.ok ? true : undefined),
    120_000,
  );
}, 180_000);
afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await platform?.db.delete(outboxMessages).where(like(outboxMessages.channel, 'metrics-test-%'));
  await platform?.close();
});

async function scrape(): Promise<string> {
  const response = await (platform.metrics?.routes ?? fail()).request('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}
function fail(): never {
  throw new Error('metrics missing');
}
const sample = (text: string, name: string, labels: string) =>
  text.split('\n').find((line) => line.startsWith(`${name}{`) && line.includes(labels));

describe('metrics after a lifecycle', () => {
  it('show HTTP requests per route, the Temporal worker and the outbox, cases and anomalies from PostgreSQL', async () => {
    const [berthet, elisabeth] = await Promise.all([
      platform.facilityId(demoFiness.berthet),
      platform.facilityId(demoFiness.elisabeth),
    ]);
    const created = await platform.api<ReferralDetail>('POST', '/api/referrals', {
      as: demo.physician,
      body: {
        kind: 'ehpad',
        patient: { lastName: 'Mesure', firstName: 'Odile', birthDate: '1940-05-06', sex: 'female', departement: '69' },
        dossier: completeDossier('ehpad'),
        confirmNotDuplicate: true,
        facilityIds: [berthet, elisabeth],
      },
    });
    expect(created.status).toBe(201);
    const caseId = created.body.id;
    const taskOf = (facilityId: string) => created.body.tasks.find((task) => task.facility.id === facilityId)?.id;
    const step = async (path: string, as: string, body?: unknown) => {
      const answer = await platform.api('POST', `/api/referrals/${caseId}${path}`, { as, body });
      expect(answer.status).toBe(200);
    };
    await step(`/tasks/${taskOf(berthet)}/accept`, demo.berthetMember, { proposedEntryDate: inDays(3) });
    await step(`/tasks/${taskOf(elisabeth)}/refuse`, demo.elisabethMember, { reasonCode: 'no_place' });
    await step('/choose', demo.physician, { taskId: taskOf(berthet) });
    await step(`/tasks/${taskOf(berthet)}/confirm-admission`, demo.berthetMember);
    expect(
      (await platform.api<ReferralDetail>('GET', `/api/referrals/${caseId}`, { as: demo.physician })).body.status,
    ).toBe('admitted');

    // Messages of a channel of this test only, which no worker delivers: 3 waiting, 1 failed.
    await platform.db.insert(outboxMessages).values(
      ['queued', 'queued', 'queued', 'failed'].map((status) => ({
        idempotencyKey: `${channel}/${randomUUID()}`,
        channel,
        recipientAddress: 'personne@example.org',
        template: 'metrics_test',
        subject: 'Essai',
        textBody: 'Essai',
        status,
      })),
    );

    const text = await scrape();
    // Per route pattern: the case's id is in no label.
    expect(sample(text, 'parcours_http_request_duration_seconds_bucket', 'route="/api/referrals/:id/choose"')).toMatch(
      /method="POST"/,
    );
    expect(sample(text, 'parcours_http_requests_total', 'route="/api/referrals"')).toMatch(/status="201"\} 1$/);
    expect(text).not.toContain(caseId);
    expect(sample(text, 'parcours_outbox_backlog', `channel="${channel}"`)).toMatch(/ 3$/);
    expect(sample(text, 'parcours_outbox_failed', `channel="${channel}"`)).toMatch(/ 1$/);
    expect(sample(text, 'parcours_cases', 'status="admitted"')).toMatch(/kind="ehpad"/);
    expect(text).toMatch(/^# TYPE parcours_cases_stalled gauge$/m);
    expect(text).toMatch(/^# TYPE parcours_projection_anomalies gauge$/m);
    expect(text).not.toMatch(/^parcours_business_metrics_up\{[^}]*\} 0$/m);

    // The SDK's own metrics, from the worker's exporter: task slots, schedule-to-start latency, sticky cache.
    const workerText = await waitFor('the worker’s SDK metrics', async () => {
      const body = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
      return body.includes('temporal_workflow_task_schedule_to_start_latency') ? body : undefined;
    });
    expect(workerText).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(workerText).toMatch(/^temporal_sticky_cache_size\{/m);
    expect(workerText).toContain(`task_queue="${platform.taskQueue}"`);
  }, 120_000);
});
