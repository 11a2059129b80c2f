import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { platformInbox } from '../../api/pco/service.ts';
import { todayInParis } from '../components/dates.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { PcoInboxPage } from '../pages/pco-inbox.tsx';
import { withActor } from './require-actor.ts';

/** Orientations addressed to the platforms the acting person works for. */
export function pcoInboxRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  web.get('/pco/boite-de-reception', (c) =>
    withActor(c, async (actor) => {
      // « À valider » (the home page's count links here): only the orientations waiting for validation.
      const status = c.req.query('statut') === 'submitted' ? ('submitted' as const) : undefined;
      return c.html(
        <PcoInboxPage
          frame={pageFrame(c, deps)}
          items={await platformInbox(deps.db, actor, todayInParis(), status)}
          toValidateOnly={status === 'submitted'}
          member={Object.keys(actor.pcoRoles).length > 0}
        />,
      );
    }),
  );
  return web;
}
