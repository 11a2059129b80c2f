import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Resend (`POST /emails`) and Brevo (`POST /v3/transactionalSMS/sms`) on
 * 127.0.0.1:0. It checks what a real provider checks (path, method, auth and content headers,
 * JSON body, Idempotency-Key), answers with their success and error shapes, plays Resend's
 * idempotency (same key and body: the first answer again, nothing sent twice), and can be told to
 * fail the next requests for an address (429, 5xx, 422) or to hold them unanswered.
 */
export const stubKeys = { resend: 're_test_parcours', brevo: 'xkeysib-test-parcours' } as const;

export interface StubRequest {
  provider: 'resend' | 'brevo' | 'unknown';
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  idempotencyKey?: string;
  /** Recipient address (e-mail) or number (SMS, as sent). */
  to: string;
  status: number;
}

export interface StubDelivery {
  provider: 'resend' | 'brevo';
  id: string;
  to: string;
  idempotencyKey?: string;
  body: Record<string, unknown>;
}

type Planned = number | 'network';

export class ProviderStub {
  url = '';
  readonly requests: StubRequest[] = [];
  /** Messages the provider accepted, once each (idempotent replays are not counted again). */
  readonly deliveries: StubDelivery[] = [];
  /** What the stub found wrong in a request (a real provider would refuse it): tests expect none. */
  readonly problems: string[] = [];
  private readonly server: Server;
  private readonly plans: { to: string; outcomes: Planned[] }[] = [];
  private readonly holds: { to: string; release: Promise<void>; arrived: () => void }[] = [];
  private readonly idempotency = new Map<string, { hash: string; status: number; body: unknown }>();
  private nextId = 1;

  constructor() {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next requests to `to` get these statuses (429, 500, 503, 422…) or a cut connection, in order. */
  failNext(to: string, outcomes: Planned[]): void {
    this.plans.push({ to, outcomes: [...outcomes] });
  }

  /**
   * The next request to `to` waits unanswered until `release()`; `arrived` settles when it is
   * there. Released after its client went away, it is still processed, as a provider would.
   */
  hold(to: string): { arrived: Promise<void>; release: () => void } {
    let release = () => {};
    let arrived = () => {};
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    this.holds.push({ to, release: new Promise<void>((resolve) => (release = resolve)), arrived });
    return { arrived: arrival, release };
  }

  requestsTo(to: string): StubRequest[] {
    return this.requests.filter((request) => request.to === to);
  }

  deliveriesTo(to: string): StubDelivery[] {
    return this.deliveries.filter((delivery) => delivery.to === to);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<undefined> {
    const raw = await readBody(request);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      this.problems.push(`${request.url}: body is not JSON`);
    }
    const path = request.url ?? '';
    const provider = path === '/emails' ? 'resend' : path === '/v3/transactionalSMS/sms' ? 'brevo' : 'unknown';
    const to =
      provider === 'resend' ? String((body.to as string[] | undefined)?.[0] ?? '') : String(body.recipient ?? '');
    const idempotencyKey = header(request, 'idempotency-key');
    const record = (status: number) =>
      this.requests.push({
        provider,
        method: request.method ?? '',
        path,
        headers: request.headers,
        body,
        ...(idempotencyKey ? { idempotencyKey } : {}),
        to,
        status,
      });

    if (provider === 'unknown' || request.method !== 'POST') {
      record(404);
      return json(response, 404, { statusCode: 404, name: 'not_found', message: 'Not found' });
    }
    const problems = provider === 'resend' ? checkResend(request, body) : checkBrevo(request, body);
    if (problems.length > 0) {
      this.problems.push(...problems.map((problem) => `${path}: ${problem}`));
      record(422);
      return provider === 'resend'
        ? json(response, 422, { statusCode: 422, name: 'validation_error', message: problems.join('; ') })
        : json(response, 400, { code: 'invalid_parameter', message: problems.join('; ') });
    }

    const hold = this.holds.find((candidate) => candidate.to === to);
    if (hold) {
      this.holds.splice(this.holds.indexOf(hold), 1);
      hold.arrived();
      await hold.release;
    }

    const plan = this.plans.find((candidate) => candidate.to === to && candidate.outcomes.length > 0);
    const planned = plan?.outcomes.shift();
    if (planned === 'network') {
      record(0);
      request.socket.destroy();
      return;
    }
    if (planned !== undefined) {
      record(planned);
      return provider === 'resend' ? resendError(response, planned) : brevoError(response, planned);
    }

    if (provider === 'resend' && idempotencyKey) {
      const hash = createHash('sha256').update(raw).digest('hex');
      const seen = this.idempotency.get(idempotencyKey);
      if (seen && seen.hash !== hash) {
        record(409);
        return json(response, 409, {
          statusCode: 409,
          name: 'invalid_idempotent_request',
          message: 'Same idempotency key used with a different request payload.',
        });
      }
      if (seen) {
        record(seen.status);
        return json(response, seen.status, seen.body);
      }
    }
    const id = provider === 'resend' ? `re-${String(this.nextId++).padStart(6, '0')}` : this.nextId++;
    this.deliveries.push({ provider, id: String(id), to, ...(idempotencyKey ? { idempotencyKey } : {}), body });
    if (provider === 'resend') {
      const answer = { id };
      if (idempotencyKey)
        this.idempotency.set(idempotencyKey, {
          hash: createHash('sha256').update(raw).digest('hex'),
          status: 200,
          body: answer,
        });
      record(200);
      return json(response, 200, answer);
    }
    record(201);
    return json(response, 201, {
      reference: `ref-${id}`,
      messageId: id,
      smsCount: 1,
      usedCredits: 1,
      remainingCredits: 99,
    });
  }
}

export async function startProviderStub(): Promise<ProviderStub> {
  return new ProviderStub().start();
}

function checkResend(request: IncomingMessage, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (header(request, 'authorization') !== `Bearer ${stubKeys.resend}`) problems.push('bad Authorization');
  if (!header(request, 'content-type')?.startsWith('application/json')) problems.push('bad Content-Type');
  const key = header(request, 'idempotency-key');
  if (!key || key.length > 256) problems.push('missing or long Idempotency-Key');
  if (typeof body.from !== 'string' || !body.from.includes('@')) problems.push('from');
  if (!Array.isArray(body.to) || body.to.length !== 1 || !String(body.to[0]).includes('@')) problems.push('to');
  if (typeof body.subject !== 'string' || body.subject.length === 0) problems.push('subject');
  if (typeof body.text !== 'string' || body.text.length === 0) problems.push('text');
  if (typeof body.html !== 'string' || !body.html.includes('<html lang="fr"')) problems.push('html');
  if (body.reply_to !== undefined && typeof body.reply_to !== 'string') problems.push('reply_to');
  const tags = body.tags as { name?: unknown; value?: unknown }[] | undefined;
  if (
    !Array.isArray(tags) ||
    tags.some(
      (tag) => !/^[A-Za-z0-9_-]{1,256}$/.test(String(tag.name)) || !/^[A-Za-z0-9_-]{1,256}$/.test(String(tag.value)),
    )
  ) {
    problems.push('tags');
  }
  return problems;
}

function checkBrevo(request: IncomingMessage, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (header(request, 'api-key') !== stubKeys.brevo) problems.push('bad api-key');
  if (!header(request, 'content-type')?.startsWith('application/json')) problems.push('bad Content-Type');
  if (typeof body.sender !== 'string' || !/^[A-Za-z0-9]{1,11}$/.test(body.sender)) problems.push('sender');
  if (typeof body.recipient !== 'string' || !/^[1-9]\d{7,14}$/.test(body.recipient)) problems.push('recipient');
  if (typeof body.content !== 'string' || body.content.length === 0) problems.push('content');
  if (body.type !== 'transactional') problems.push('type');
  return problems;
}

function resendError(response: ServerResponse, status: number): undefined {
  if (status === 429) {
    response.setHeader('retry-after', '1');
    return json(response, 429, {
      statusCode: 429,
      name: 'rate_limit_exceeded',
      message: 'Too many requests. You can only make 2 requests per second.',
    });
  }
  if (status === 422) {
    return json(response, 422, { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' });
  }
  return json(response, status, {
    statusCode: status,
    name: 'internal_server_error',
    message: 'An unexpected error occurred.',
  });
}

function brevoError(response: ServerResponse, status: number): undefined {
  if (status === 429) return json(response, 429, { code: 'too_many_requests', message: 'Too many requests' });
  if (status >= 500) return json(response, status, { code: 'internal_error', message: 'Internal error' });
  return json(response, status, { code: 'invalid_parameter', message: 'Invalid phone number' });
}

function json(response: ServerResponse, status: number, body: unknown): undefined {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
