import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../api/env.ts';
import { unreadNotificationCount } from '../api/notifications/in-app.ts';
import { AppError } from '../domain/errors.ts';
import type { WebDependencies } from './dependencies.ts';
import { pageFrame } from './page-frame.ts';
import { HomePage } from './pages/home.tsx';
import { accountRoutes } from './routes/account.tsx';
import { anomalyRoutes } from './routes/anomalies.tsx';
import { coordinationRoutes } from './routes/coordination.tsx';
import { devMailboxRoutes } from './routes/dev-mailbox.tsx';
import { directoryRoutes } from './routes/directory.tsx';
import { doctorGrantRoutes } from './routes/doctor-grants.tsx';
import { familyInvitationRoutes } from './routes/family-invitations.tsx';
import { familyRequestRoutes } from './routes/family-requests.tsx';
import { homeSections } from './routes/home.ts';
import { inboxRoutes } from './routes/inbox.tsx';
import { invitationRoutes } from './routes/invitations.tsx';
import { legalRoutes } from './routes/legal.tsx';
import { loginRoutes } from './routes/login.tsx';
import { notificationPreferencesRoutes } from './routes/notification-preferences.tsx';
import { notificationRoutes } from './routes/notifications.tsx';
import { observatoryRoutes } from './routes/observatory.tsx';
import { pcoRoutes } from './routes/pco.tsx';
import { physicianCompletionRoutes } from './routes/physician-completion.tsx';
import { pscRoutes } from './routes/psc.tsx';
import { referralDetailRoutes } from './routes/referral-detail.tsx';
import { referralDossierRoutes } from './routes/referral-dossier.tsx';
import { referralRoutes } from './routes/referrals.tsx';
import { signUpRoutes } from './routes/sign-up.tsx';

export type { WebDependencies } from './dependencies.ts';

const sameOrigin = csrf();

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The French web pages; they call the same services as the API. */
export function createWeb(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  // Forms are posted from our own pages only; a refusal reads as one, not as an unexpected error.
  web.use(async (c, next) => {
    try {
      await sameOrigin(c, async () => {});
    } catch (error) {
      if (error instanceof HTTPException && error.status === 403) throw new AppError('auth.forbidden');
      throw error;
    }
    // The header's bell on every page the person opens.
    const actor = c.get('actor');
    if (actor && c.req.method === 'GET') c.set('unreadNotifications', await unreadNotificationCount(deps.db, actor.id));
    await next();
    // Pages show patients' identities: no shared cache or back-button copy should keep them.
    c.header('Cache-Control', 'no-store');
    // Our pages load scripts and styles from this site only (the one inline style is the page frame's).
    c.header('Content-Security-Policy', contentSecurityPolicy);
  });

  web.get('/', async (c) => {
    const actor = c.get('actor');
    const sections = actor ? await homeSections(deps, actor) : {};
    return c.html(<HomePage frame={pageFrame(c, deps)} sections={sections} />);
  });
  web.route('/', loginRoutes(deps));
  web.route('/', accountRoutes(deps));
  web.route('/', notificationPreferencesRoutes(deps));
  web.route('/', notificationRoutes(deps));
  web.route('/', legalRoutes(deps));
  web.route('/', invitationRoutes(deps));
  web.route('/', doctorGrantRoutes(deps));
  web.route('/', referralRoutes(deps));
  web.route('/', referralDetailRoutes(deps));
  web.route('/', referralDossierRoutes(deps));
  web.route('/', inboxRoutes(deps));
  web.route('/', pcoRoutes(deps));
  web.route('/', devMailboxRoutes(deps));
  web.route('/', directoryRoutes(deps));
  web.route('/', coordinationRoutes(deps));
  web.route('/', observatoryRoutes(deps));
  web.route('/', anomalyRoutes(deps));
  // Before pscRoutes: /inscription is the particulier's unless a PSC enrolment is under way.
  web.route('/', familyRequestRoutes(deps));
  web.route('/', familyInvitationRoutes(deps));
  web.route('/', physicianCompletionRoutes(deps));
  web.route('/', signUpRoutes(deps));
  web.route('/', pscRoutes(deps));
  return web;
}
