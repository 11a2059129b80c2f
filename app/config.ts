import { availableParallelism, totalmem } from 'node:os';
import { z } from 'zod';
import type { ChannelSettings } from '../activities/channels/index.ts';
import { defaultAdmissionNoticeDays } from '../domain/referral/entry-dates.ts';
import { defaultRetentionMonths, type RetentionPeriods } from '../domain/retention.ts';
import type { PscSettings } from '../services/identity/psc-client.ts';
import type { LogFormat } from '../services/observability/logger.ts';
import { loadPayloadKeys, type PayloadKey } from './payload-codec.ts';

export interface LogSettings {
  format: LogFormat;
  level: string;
  process: string;
}

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/** Every setting of the platform, from the environment, with its embedded default. */
const configSchema = z.object({
  /** `production` (the Dockerfile's and docker-compose.yml's): no development door, real providers required. */
  NODE_ENV: z.string().optional(),
  /** The development mailbox (/dev/boite-mail, GET /api/dev/mailbox): only when asked (`npm start` does), never in production. */
  PARCOURS_DEV_MAILBOX: flag.default(false),
  DATABASE_URL: z.string().url().optional(),
  PARCOURS_DATA_DIR: z.string().default('.data'),
  PARCOURS_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5433),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('parcours-referrals'),
  /**
   * Workflows the worker keeps in memory between their events (sticky cache). Cases stay open for
   * months: beyond this many, the least recent is evicted and replayed from its history at its next
   * event, so memory stays bounded (`npm run bench -- open-cases` measures it). Unset: sized for the
   * machine (stickyCacheSize below).
   */
  PARCOURS_WORKER_STICKY_CACHE_SIZE: z.coerce.number().int().min(0).max(100_000).optional(),
  /** The same setting's first name, still read when PARCOURS_WORKER_STICKY_CACHE_SIZE is unset. */
  PARCOURS_WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).optional(),
  /** V8 heap bound of the worker's workflow threads, in MB (workflowHeapMegabytes below); unset or 0: V8's own. */
  PARCOURS_WORKER_WORKFLOW_HEAP_MB: z.coerce.number().int().min(0).max(1_000_000).optional(),
  /**
   * Commands (Temporal Updates) a server has in flight at once; the next ones wait their turn. Past a
   * few per core, more only queue in Temporal and PostgreSQL and every command gets slower (issue 17).
   */
  PARCOURS_MAX_COMMANDS_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).optional(),
  /** Workflow tasks and activities a worker runs at once; unset: the SDK's defaults. */
  PARCOURS_WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(1_000).optional(),
  PARCOURS_WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10_000).optional(),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  PARCOURS_APP_URL: z.string().url().optional(),
  PARCOURS_SEARCH_ATTRIBUTES: flag.default(true),
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: z.string().url().optional(),
  RESEND_WEBHOOK_SECRET: z.string().min(1).optional(),
  PARCOURS_MAIL_FROM: z.string().min(3).default('Parcours <notifications@parcours.localhost>'),
  PARCOURS_MAIL_REPLY_TO: z.string().min(3).optional(),
  /** Where people write about accessibility and personal data (the footer's pages); default: the reply-to, else the sender. */
  PARCOURS_CONTACT_EMAIL: z.email().optional(),
  BREVO_API_KEY: z.string().min(1).optional(),
  BREVO_BASE_URL: z.string().url().optional(),
  PARCOURS_SMS_SENDER: z
    .string()
    .regex(/^[A-Za-z0-9]{1,11}$/, 'au plus 11 lettres ou chiffres')
    .default('Parcours'),
  PARCOURS_DAILY_DIGEST: flag.default(true),
  /** The worker creates (or updates) the nightly retention Schedule (domain/retention.ts). */
  PARCOURS_RETENTION_SCHEDULE: flag.default(true),
  /** Months a closed case is kept, per class (README « Conservation des données »). */
  PARCOURS_RETENTION_MONTHS_GRAND_AGE: z.coerce
    .number()
    .int()
    .min(1)
    .max(240)
    .default(defaultRetentionMonths.grand_age),
  PARCOURS_RETENTION_MONTHS_SUITES_DE_SOINS: z.coerce
    .number()
    .int()
    .min(1)
    .max(240)
    .default(defaultRetentionMonths.suites_de_soins),
  PARCOURS_RETENTION_MONTHS_PCO: z.coerce.number().int().min(1).max(240).default(defaultRetentionMonths.pco),
  /** Days before the proposed entry from which a facility may confirm an admission (domain/referral/entry-dates.ts). */
  PARCOURS_ADMISSION_NOTICE_DAYS: z.coerce.number().int().min(0).max(365).default(defaultAdmissionNoticeDays),
  PARCOURS_LOGIN_CODE_INTERVAL_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  PARCOURS_TRUST_PROXY: flag.default(false),
  /** Pro Santé Connect: all three, or none (then physicians log in with RPPS and password only). */
  PSC_ISSUER: z.string().url().optional(),
  PSC_CLIENT_ID: z.string().min(1).optional(),
  PSC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Port of the local stand-in of Pro Santé Connect started by `npm start` when PSC_ISSUER is unset. */
  PARCOURS_PSC_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
  /** Port of the worker's /healthz and /readyz (on HOST); unset: none. */
  PARCOURS_WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** On SIGTERM, how long requests in flight (server) or running activities (worker) may take to end. */
  PARCOURS_SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  /** Keys of the payload codec (app/payload-codec.ts): `id:base64,…`, the first encrypts. Required in production. */
  PARCOURS_PAYLOAD_KEYS: z.string().min(1).optional(),
  /** Origin of the Temporal UI allowed to call /api/temporal-codec (CORS); unset: no cross-origin call. */
  PARCOURS_TEMPORAL_UI_ORIGIN: z.string().url().optional(),
  /** Log lines: JSON (one object per line, for a collector) or pretty (a person at a terminal: `npm start`). */
  PARCOURS_LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  PARCOURS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the metrics listen: never the public address (they describe the platform's activity). */
  PARCOURS_METRICS_HOST: z.string().default('127.0.0.1'),
  /** Port of the server's /metrics (HTTP requests, outbox, cases); unset: none. */
  PARCOURS_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * Port of the worker's Temporal SDK metrics (Prometheus exporter of the SDK's runtime, which a
   * process installs once: opt-in); unset: none.
   */
  PARCOURS_WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type Config = z.infer<typeof configSchema> & { appUrl: string };

const pscVariables = ['PSC_ISSUER', 'PSC_CLIENT_ID', 'PSC_CLIENT_SECRET'] as const;

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset: docker-compose.yml passes optional ones as `${NAME:-}`.
  const parsed = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Configuration invalide :\n${problems}`);
  }
  if (parsed.data.PARCOURS_METRICS_PORT !== undefined && parsed.data.PARCOURS_METRICS_PORT === parsed.data.PORT) {
    throw new Error(
      'Configuration invalide :\n  PARCOURS_METRICS_PORT : un port distinct de PORT (les mesures ne sont pas publiques).',
    );
  }
  const setPsc = pscVariables.filter((name) => parsed.data[name] !== undefined);
  if (setPsc.length > 0 && setPsc.length < pscVariables.length) {
    throw new Error(`Configuration invalide :\n  ${pscVariables.join(', ')} : les trois ensemble, ou aucune.`);
  }
  return { ...parsed.data, appUrl: parsed.data.PARCOURS_APP_URL ?? `http://localhost:${parsed.data.PORT}` };
}

/** Pro Santé Connect's client settings, when configured. */
export function pscSettings(config: Config): PscSettings | undefined {
  const { PSC_ISSUER: issuer, PSC_CLIENT_ID: clientId, PSC_CLIENT_SECRET: clientSecret } = config;
  return issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : undefined;
}

/** The process's logger settings. */
export function logSettings(config: Config, process: 'server' | 'worker'): LogSettings {
  return { format: config.PARCOURS_LOG_FORMAT, level: config.PARCOURS_LOG_LEVEL, process };
}

export function isProduction(config: Pick<Config, 'NODE_ENV'>): boolean {
  return config.NODE_ENV === 'production';
}

/**
 * In production, messages must leave the machine: without a provider, login codes, reset links
 * and invitations would wait in an outbox nobody may read, so the server and the worker refuse to
 * start (the development mailbox does not exist there).
 */
export function requireDeliveryProviders(config: Config): void {
  if (!isProduction(config)) return;
  const problems = [
    ...(config.RESEND_API_KEY
      ? []
      : [
          '  RESEND_API_KEY : requis en production (NODE_ENV=production). Sans fournisseur d’e-mail, les codes de connexion, les liens de réinitialisation et les invitations ne pourraient pas être remis.',
        ]),
    ...(config.BREVO_API_KEY
      ? []
      : [
          '  BREVO_API_KEY : requis en production (NODE_ENV=production). Sans fournisseur de SMS, les codes de connexion et les avis envoyés par SMS ne pourraient pas être remis.',
        ]),
  ];
  if (problems.length > 0) throw new Error(`Configuration invalide :\n${problems.join('\n')}`);
}

/**
 * Providers to deliver through: those whose key is set; outside production, the development
 * mailbox for the others (in production a missing provider is refused, never replaced).
 */
export function channelSettings(config: Config): ChannelSettings {
  requireDeliveryProviders(config);
  return {
    ...(config.RESEND_API_KEY
      ? {
          resend: {
            apiKey: config.RESEND_API_KEY,
            from: config.PARCOURS_MAIL_FROM,
            ...(config.RESEND_BASE_URL ? { baseUrl: config.RESEND_BASE_URL } : {}),
            ...(config.PARCOURS_MAIL_REPLY_TO ? { replyTo: config.PARCOURS_MAIL_REPLY_TO } : {}),
          },
        }
      : {}),
    ...(config.BREVO_API_KEY
      ? {
          brevo: {
            apiKey: config.BREVO_API_KEY,
            sender: config.PARCOURS_SMS_SENDER,
            ...(config.BREVO_BASE_URL ? { baseUrl: config.BREVO_BASE_URL } : {}),
          },
        }
      : {}),
  };
}

/** The development mailbox page and API: explicitly asked for (PARCOURS_DEV_MAILBOX), and never in production. */
export function devMailboxEnabled(config: Config): boolean {
  return config.PARCOURS_DEV_MAILBOX && !isProduction(config);
}

/** The address the accessibility and personal-data pages give: the contact, else the reply-to, else the sender's. */
export function contactEmail(config: Config): string {
  const address = config.PARCOURS_CONTACT_EMAIL ?? config.PARCOURS_MAIL_REPLY_TO ?? config.PARCOURS_MAIL_FROM;
  return /<([^>]+)>/.exec(address)?.[1] ?? address.trim();
}

/** The retention periods in force, in months per class. */
export function retentionPeriods(config: Config): RetentionPeriods {
  return {
    grand_age: config.PARCOURS_RETENTION_MONTHS_GRAND_AGE,
    suites_de_soins: config.PARCOURS_RETENTION_MONTHS_SUITES_DE_SOINS,
    pco: config.PARCOURS_RETENTION_MONTHS_PCO,
  };
}

export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
}

/** The payload codec's keys: from the environment, or the development key (never in production). */
export function payloadKeys(config: Config): PayloadKey[] {
  return loadPayloadKeys({
    keys: config.PARCOURS_PAYLOAD_KEYS,
    production: isProduction(config),
    dataDir: config.PARCOURS_DATA_DIR,
  });
}

/**
 * About what one open case weighs in a worker's cache, rounded up: 0.2 MB in the reminder storm (370
 * MB with 500 cached, 270 at start), since the domain and zod are loaded once per worker thread
 * (workflows/shared-domain.ts; 1.6 MB before, issue 17).
 */
const cachedCaseBytes = 256 * 1024;

/**
 * The worker's sticky cache: the variable, else an eighth of the machine's memory at about 0.25 MB
 * a case, between 100 and 500 (500 from 1 GB). The cache only spares a replay to a case touched again soon (the
 * commands of a morning); an idle case of months is evicted and replayed from its history at its
 * next event, in milliseconds. The SDK's own default (from the heap, ~2,300 here) would hold
 * gigabytes of cases nobody touches.
 */
export function stickyCacheSize(
  config: Pick<Config, 'PARCOURS_WORKER_STICKY_CACHE_SIZE' | 'PARCOURS_WORKER_CACHED_WORKFLOWS'>,
  memoryBytes: number = totalmem(),
): number {
  const set = config.PARCOURS_WORKER_STICKY_CACHE_SIZE ?? config.PARCOURS_WORKER_CACHED_WORKFLOWS;
  if (set !== undefined) return set;
  return Math.max(100, Math.min(500, Math.floor(memoryBytes / 8 / cachedCaseBytes)));
}

/**
 * The V8 heap bound of the workflow threads (app/workflow-heap.ts), in MB, when the variable sets
 * one; unset or 0: V8's own (a quarter of the memory). No default: what the sticky cache needs is not
 * a fixed amount per case, and a thread that runs out of memory stops the worker. 178 MB held 100
 * cached cases through 10,000 open ones; 378 MB with the default 500 ran out at 590 (issue 17).
 */
export function workflowHeapMegabytes(config: Pick<Config, 'PARCOURS_WORKER_WORKFLOW_HEAP_MB'>): number | undefined {
  const set = config.PARCOURS_WORKER_WORKFLOW_HEAP_MB;
  return set === undefined || set === 0 ? undefined : set;
}

/**
 * Commands a server runs at once: the variable, else five per core (10 on 2 cores: the concurrency
 * at which the benchmark's real / bare ratio still holds).
 */
export function maxCommandsInFlight(
  config: Pick<Config, 'PARCOURS_MAX_COMMANDS_IN_FLIGHT'>,
  cores: number = availableParallelism(),
): number {
  return config.PARCOURS_MAX_COMMANDS_IN_FLIGHT ?? Math.max(4, 5 * cores);
}
