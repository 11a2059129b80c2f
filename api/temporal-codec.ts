import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Payload } from '@temporalio/common';
import { cors } from 'hono/cors';
import type { Database } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { appendAudit } from '../services/identity/audit.ts';
import type { AppEnv } from './env.ts';
import { requireActor } from './identity.ts';
import { jsonBody, refusal } from './openapi.ts';
import type { ReferralCommandContext } from './referrals/commands.ts';

export interface TemporalCodecSettings {
  /** The Temporal UI's origin (e.g. `https://temporal.example.fr`): the only one CORS lets call. */
  uiOrigin?: string | undefined;
}

const base64 = z
  .string()
  .max(4_000_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 attendu');
/** A payload in the protobuf JSON form the Temporal UI sends: bytes in base64. */
const payloadJson = z.object({
  metadata: z.record(z.string().max(200), base64).optional(),
  data: base64.optional(),
});
const payloadsBody = z.object({ payloads: z.array(payloadJson).max(1000) }).openapi('TemporalPayloads');

/**
 * Temporal's remote codec protocol (`POST …/encode` and `…/decode`), so that the Temporal UI shows
 * the decrypted histories to an administrator, and only to one: the payloads are the patients' data.
 */
export function temporalCodecRoutes(deps: ReferralCommandContext & { db: Database; codec?: TemporalCodecSettings }) {
  const app = new OpenAPIHono<AppEnv>();
  const uiOrigin = deps.codec?.uiOrigin;
  if (uiOrigin) {
    // The UI calls from its own origin with the administrator's cookie (same site, other port or host).
    app.use(
      '/temporal-codec/*',
      cors({
        origin: uiOrigin,
        credentials: true,
        allowMethods: ['POST'],
        allowHeaders: ['Content-Type', 'X-Namespace'],
        maxAge: 600,
      }),
    );
  }
  const codecs = () => deps.temporal.options.loadedDataConverter.payloadCodecs;

  for (const direction of ['encode', 'decode'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/temporal-codec/${direction}`,
        summary:
          direction === 'decode'
            ? 'Déchiffrer des données Temporal pour l’interface Temporal (administrateurs)'
            : 'Chiffrer des données Temporal pour l’interface Temporal (administrateurs)',
        tags: ['Exploitation'],
        request: { body: jsonBody(payloadsBody) },
        responses: {
          200: {
            description: 'Les mêmes données, transformées',
            content: { 'application/json': { schema: payloadsBody } },
          },
          401: refusal('Non authentifié'),
          403: refusal('Réservé aux administrateurs'),
          422: refusal('Données invalides ou indéchiffrables'),
        },
      }),
      async (c) => {
        const actor = requireActor(c.get('actor'));
        if (actor.role !== 'admin') throw new AppError('auth.forbidden');
        const namespace = c.req.header('x-namespace') ?? deps.temporal.options.namespace;
        // One namespace per deployment: the keys are the client's, for its namespace only.
        if (namespace !== deps.temporal.options.namespace) throw new AppError('auth.forbidden');
        let payloads = c.req.valid('json').payloads.map(fromJson);
        try {
          if (direction === 'encode') {
            for (const codec of codecs()) payloads = await codec.encode(payloads);
          } else {
            for (const codec of [...codecs()].reverse()) payloads = await codec.decode(payloads);
          }
        } catch {
          throw new AppError('temporal_codec.undecodable');
        }
        if (direction === 'decode') {
          await appendAudit(deps.db, {
            event: 'temporal.payloads_decoded',
            userId: actor.id,
            ip: c.get('clientIp'),
            details: { namespace, count: String(payloads.length) },
          });
        }
        return c.json({ payloads: payloads.map(toJson) }, 200);
      },
    );
  }
  return app;
}

function fromJson(payload: z.infer<typeof payloadJson>): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([name, value]) => [
        name,
        new Uint8Array(Buffer.from(value, 'base64')),
      ]),
    ),
    data: new Uint8Array(Buffer.from(payload.data ?? '', 'base64')),
  };
}

function toJson(payload: Payload): z.infer<typeof payloadJson> {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}
