import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { demoUsers } from '../db/seed-data.ts';
import { rppsCheckDigit } from '../domain/identity/rpps.ts';

/**
 * The development stand-in of Pro Santé Connect: a real OpenID Connect provider (oidc-provider) on
 * localhost, with PSC's scope (`openid scope_all`), level of assurance (`eidas1`) and claim names,
 * where a person picks a demo physician instead of presenting a CPS card or e-CPS.
 */

export interface PscDemoIdentity {
  rpps: string;
  /** As PSC gives them: upper case, as in the RPPS directory. */
  givenName: string;
  familyName: string;
  /** Shown on the picker only (the stand-in knows nothing of Parcours' accounts). */
  note?: string;
}

export interface LocalPscOptions {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Defaults to `demoPscIdentities`; tests add their own with `addIdentity`. */
  identities?: PscDemoIdentity[];
}

export interface LocalPsc {
  issuer: string;
  addIdentity: (identity: PscDemoIdentity) => void;
  stop: () => Promise<void>;
}

function rpps(firstTen: string): string {
  return `${firstTen}${rppsCheckDigit(firstTen)}`;
}

/** The two seeded physicians (they have accounts), then three who have none yet. */
export const demoPscIdentities: PscDemoIdentity[] = [
  ...demoUsers
    .filter((user) => user.role === 'physician' && user.rpps)
    .map((user) => {
      const [given = '', ...family] = user.displayName.replace(/^Dr\s+/, '').split(' ');
      return {
        rpps: user.rpps ?? '',
        givenName: given.toUpperCase(),
        familyName: family.join(' ').toUpperCase(),
        note: 'compte Parcours de démonstration existant',
      };
    }),
  { rpps: rpps('1000010001'), givenName: 'HÉLÈNE', familyName: 'DUPUIS', note: 'pas encore de compte Parcours' },
  { rpps: rpps('1000010002'), givenName: 'THOMAS', familyName: 'NGUYEN', note: 'pas encore de compte Parcours' },
  { rpps: rpps('1000010003'), givenName: 'AMINA', familyName: 'DIALLO', note: 'pas encore de compte Parcours' },
];

/** The national identifier PSC gives a physician: "8" followed by the RPPS number. */
export const pscNationalId = (rppsNumber: string) => `8${rppsNumber}`;

/** Claims shaped like PSC's userinfo (names from its documentation; values of the demo). */
function pscClaims(identity: PscDemoIdentity) {
  const nationalId = pscNationalId(identity.rpps);
  return {
    sub: nationalId,
    SubjectNameID: nationalId,
    preferred_username: nationalId,
    given_name: identity.givenName,
    family_name: identity.familyName,
    SubjectRefPro: {
      codeCivilite: 'DR',
      exercices: [
        {
          codeProfession: '10',
          codeCategorieProfessionnelle: 'C',
          nomDexercice: identity.familyName,
          prenomDexercice: identity.givenName,
          activities: [],
        },
      ],
    },
    otherIds: [{ identifiant: identity.rpps, origine: 'RPPS', qualite: 1 }],
    UITVersion: '1.0',
  };
}

/** Starts the stand-in; `stop` closes it. Keys are generated here, for this run only. */
export async function startLocalPsc(options: LocalPscOptions): Promise<LocalPsc> {
  const { default: Provider, interactionPolicy } = await quietly(() => import('oidc-provider'));
  const issuer = `http://localhost:${options.port}`;
  const identities = new Map((options.identities ?? demoPscIdentities).map((identity) => [identity.rpps, identity]));
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  // Always show the picker: a person trying several demo identities is not signed in silently.
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check('demo_picker', 'le service de démonstration demande une identité', (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        scope: 'openid scope_all',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: `psc-local-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'scope_all'],
    claims: {
      openid: ['sub'],
      scope_all: [
        'SubjectNameID',
        'preferred_username',
        'given_name',
        'family_name',
        'SubjectRefPro',
        'otherIds',
        'UITVersion',
      ],
      acr: null,
      auth_time: null,
      iss: null,
      sid: null,
    },
    acrValues: ['eidas1'],
    // A login is one round trip: short lives, set here so the library does not warn about defaults.
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The consent of PSC is given once, in its own portal: no consent screen here.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (existing) {
        const grant = await ctx.oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid scope_all');
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const identity = [...identities.values()].find((candidate) => pscNationalId(candidate.rpps) === sub);
      if (!identity) return undefined;
      return { accountId: sub, claims: () => pscClaims(identity) };
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        'Erreur',
        `<p>La demande d’identification est refusée : ${escapeHtml(String(out.error_description ?? out.error))}</p>`,
      );
    },
  };
  const provider = await quietly(() => new Provider(issuer, configuration));
  const callback = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, action: string | undefined) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (req.method === 'GET' && action === undefined) {
      send(res, 200, pickerPage(uid, [...identities.values()]));
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, page('Erreur', '<p>Méthode non prise en charge.</p>'));
      return;
    }
    if (action === 'annuler') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'Identification annulée',
      });
      return;
    }
    const form = new URLSearchParams(await readBody(req));
    const chosen = identities.get(form.get('rpps') ?? '');
    if (action !== 'choisir' || !chosen) {
      send(res, 400, page('Erreur', '<p>Identité inconnue du service de démonstration.</p>'));
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: pscNationalId(chosen.rpps), acr: 'eidas1', amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
  }

  const server = createServer((req, res) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(choisir|annuler))?\/?$/.exec(req.url?.split('?')[0] ?? '');
    if (!match?.[1]) {
      callback(req, res);
      return;
    }
    interaction(req, res, match[1], match[2]).catch(() => {
      if (!res.headersSent) {
        send(
          res,
          400,
          page(
            'Session expirée',
            '<p>Cette demande d’identification a expiré ou a déjà servi. Retournez sur Parcours et recommencez.</p>',
          ),
        );
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });

  return {
    issuer,
    addIdentity: (identity) => identities.set(identity.rpps, identity),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );
}

function pickerPage(uid: string, identities: PscDemoIdentity[]): string {
  const rows = identities
    .map(
      (identity) => `<li>
  <form method="post" action="/interaction/${escapeHtml(uid)}/choisir">
    <input type="hidden" name="rpps" value="${escapeHtml(identity.rpps)}">
    <button type="submit">Dr ${escapeHtml(identity.givenName)} ${escapeHtml(identity.familyName)}</button>
    <span>RPPS ${escapeHtml(identity.rpps)}${identity.note ? ` — ${escapeHtml(identity.note)}` : ''}</span>
  </form>
</li>`,
    )
    .join('\n');
  return page(
    'Choisissez une identité',
    `<p class="warning">Service de développement : aucune carte CPS ni application e-CPS n’est demandée. En production,
Parcours utilise le vrai Pro Santé Connect de l’Agence du Numérique en Santé.</p>
<p>Choisissez le professionnel de santé de démonstration à identifier :</p>
<ul>${rows}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/annuler">
  <button type="submit" class="secondary">Annuler et revenir au service</button>
</form>`,
  );
}

function page(heading: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)} — Pro Santé Connect (simulation locale)</title>
<style>
  body { font-family: Marianne, Arial, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #161616; }
  header { border-bottom: 3px solid #000091; margin-bottom: 1.5rem; }
  .warning { background: #fff4e5; border-left: 4px solid #b34000; padding: .75rem 1rem; }
  ul { list-style: none; padding: 0; }
  li { margin: .75rem 0; }
  button { background: #000091; color: #fff; border: 0; padding: .5rem 1rem; font-size: 1rem; cursor: pointer; margin-right: .75rem; }
  button.secondary { background: #fff; color: #000091; border: 1px solid #000091; }
</style>
</head>
<body>
<header>
  <p><strong>Pro Santé Connect</strong> — service de développement (simulation locale)</p>
</header>
<main>
<h1>${escapeHtml(heading)}</h1>
${body}
</main>
</body>
</html>`;
}

/**
 * Runs `start` without oidc-provider's two start-up notices, known and harmless for a stand-in:
 * its preference for Node 22 (it runs on this project's Node 20) and its in-memory store (a
 * development provider keeps nothing across restarts). Other warnings pass through.
 */
async function quietly<T>(start: () => T | Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (
      !/oidc-provider WARNING: (Unsupported runtime|a quick start development-only in-memory adapter)/.test(
        String(args[0]),
      )
    ) {
      warn(...args);
    }
  };
  try {
    return await start();
  } finally {
    console.warn = warn;
  }
}
