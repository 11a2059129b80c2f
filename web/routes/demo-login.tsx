import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../api/env.ts';
import { devUserCookie } from '../../api/identity.ts';
import { AppError } from '../../domain/errors.ts';
import { demoProfiles, homeOf } from '../components/demo-profiles.ts';
import { readForm } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { DemoLoginPage } from '../pages/demo-login.tsx';
import { safeReturnPath } from './require-actor.ts';

/** The development identity, chosen in a list: only mounted while the flag is on. */
export function demoLoginRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  web.get('/connexion-demo', (c) =>
    c.html(
      <DemoLoginPage
        frame={pageFrame(c, deps)}
        users={demoProfiles}
        returnPath={safeReturnPath(c.req.query('retour'))}
      />,
    ),
  );

  web.post('/connexion-demo', async (c) => {
    const form = await readForm(c);
    const user = demoProfiles.find((candidate) => candidate.id === form.text('userId'));
    if (!user) throw new AppError('auth.unknown_user');
    setCookie(c, devUserCookie, user.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return c.redirect(safeReturnPath(form.text('retour')) ?? homeOf(user), 303);
  });

  web.post('/connexion-demo/quitter', (c) => {
    deleteCookie(c, devUserCookie, { path: '/' });
    return c.redirect('/', 303);
  });

  return web;
}
