import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentCorrelationId } from './correlation.ts';

/**
 * Field names that may carry identity or health data, a secret or a session: their values never
 * reach a log line, at whatever depth they appear (a patient, a dossier, a request's headers).
 */
export const redactedKeys = [
  'patient',
  'lastName',
  'firstName',
  'birthName',
  'usualName',
  'birthDate',
  'name',
  'displayName',
  'fullName',
  'dossier',
  'medical',
  'autonomy',
  'administrative',
  'aggir',
  'comment',
  'question',
  'answer',
  'reason',
  'address',
  'email',
  'phone',
  'mobile',
  'nir',
  'rpps',
  'identifier',
  'password',
  'code',
  'otp',
  'token',
  'secret',
  'cookie',
  'set-cookie',
  'authorization',
  'body',
  'textBody',
  'htmlBody',
  'subject',
  'recipientAddress',
] as const;

/** Depths at which a redacted key is looked for (pino's redaction needs explicit paths). */
const redactionDepth = 5;

function redactionPaths(): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth < redactionDepth; depth++) {
    const prefix = '*.'.repeat(depth);
    for (const key of redactedKeys) paths.push(/^[A-Za-z_]\w*$/.test(key) ? `${prefix}${key}` : `${prefix}["${key}"]`);
  }
  return paths;
}

export type LogFormat = 'json' | 'pretty';

/**
 * The platform's logger: JSON lines (one object per line) with the current correlation id, the
 * fields above censored; pretty for a person at a terminal (`npm start`).
 */
export function createLogger(
  options: { format?: LogFormat; level?: string; destination?: DestinationStream; process?: string } = {},
): Logger {
  const destination =
    options.destination ??
    (options.format === 'pretty'
      ? pretty({ sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid, ...(options.process ? { process: options.process } : {}) },
      redact: { paths: redactionPaths(), censor: '[masqué]' },
      // Error objects keep their type and stack; their message may quote input, so it is censored too.
      serializers: { err: errorSerializer, error: errorSerializer },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    },
    destination,
  );
}

/**
 * An error as logged: its class, stable code, message and stack frames, without what may quote
 * the data being written: drizzle's failed-query messages end with the query's parameters, and
 * PostgreSQL's `detail` names the conflicting values.
 */
function errorSerializer(error: unknown): unknown {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const message = withoutParameters(error.message);
  return {
    type: error.name,
    message,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    stack: [`${error.name}: ${message}`, ...(error.stack?.split('\n').slice(1) ?? [])]
      .filter((line) => !line.startsWith('params:'))
      .join('\n'),
    ...(error.cause instanceof Error ? { cause: errorSerializer(error.cause) } : {}),
  };
}

function withoutParameters(message: string): string {
  const cut = message.indexOf('\nparams:');
  return cut === -1 ? message : `${message.slice(0, cut)}\nparams: [masqué]`;
}

let current: Logger | undefined;

/** The process's logger (bin/ entry points install theirs; tests install one writing to a capture). */
export function logger(): Logger {
  current ??= createLogger();
  return current;
}

export function installLogger(installed: Logger): void {
  current = installed;
}
