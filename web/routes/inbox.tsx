import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { listFacilityInbox } from '../../api/referrals/read-model.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { InboxPage } from '../pages/inbox.tsx';
import { withActor } from './require-actor.ts';

/** Requests addressed to the facilities of the acting member. */
export function inboxRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  web.get('/boite-de-reception', (c) =>
    withActor(c, deps, async (actor) =>
      c.html(<InboxPage frame={pageFrame(c, deps)} items={await listFacilityInbox(deps.db, actor)} />),
    ),
  );
  return web;
}
