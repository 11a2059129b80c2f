import { createMiddleware } from 'hono/factory';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../domain/errors.ts';
import { hasAcceptedCurrentCgu } from '../../services/identity/open-session.ts';
import { validateSessionToken } from '../../services/identity/sessions.ts';
import type { AppEnv } from '../env.ts';
import { loadActor } from '../identity.ts';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './cookies.ts';

/** Paths a signed-in person reaches before accepting the CGU in force (the footer's pages among them). */
const beforeCgu = [
  /^\/api\/auth\//,
  /^\/static\//,
  /^\/connexion/,
  /^\/deconnexion/,
  /^\/cgu/,
  /^\/api\/dev\//,
  /^\/(accessibilite|mentions-legales|donnees-personnelles|plan-du-site)$/,
];

/**
 * Sets the acting person from the session cookie, exactly as the development identity does (same
 * `loadActor`); it then refuses everything but the CGU until the version in force is accepted.
 */
export function sessionIdentity(db: Database) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = readSessionCookie(c);
    if (token) {
      const session = await validateSessionToken(db, token);
      const actor = session ? await loadActor(db, session.userId) : undefined;
      if (!session || !actor) {
        clearSessionCookie(c);
      } else {
        if (session.renewed) setSessionCookie(c, { token, expiresAt: session.expiresAt });
        c.set('actor', actor);
        const path = c.req.path;
        if (!beforeCgu.some((pattern) => pattern.test(path)) && !(await hasAcceptedCurrentCgu(db, actor.id))) {
          if (path.startsWith('/api/')) throw new AppError('auth.cgu_required');
          return c.redirect(`/connexion/cgu?retour=${encodeURIComponent(path)}`, 303);
        }
      }
    }
    await next();
  });
}
