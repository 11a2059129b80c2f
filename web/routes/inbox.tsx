import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { listFacilityInbox } from '../../api/referrals/read-model.ts';
import { type InboxQuery, inboxQuery } from '../../api/referrals/schemas.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { InboxPage } from '../pages/inbox.tsx';
import { withActor } from './require-actor.ts';

/** The inbox filters, from the address; a wrong value is just ignored. */
function inboxFilters(c: Context<AppEnv>): InboxQuery {
  const filters: InboxQuery = {};
  const status = inboxQuery.shape.status.safeParse(c.req.query('statut') || undefined);
  if (status.success && status.data) filters.status = status.data;
  if (c.req.query('en-retard') === 'oui') filters.stalled = true;
  return filters;
}

/** Requests addressed to the facilities of the acting member. */
export function inboxRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  web.get('/boite-de-reception', (c) =>
    withActor(c, async (actor) => {
      const filters = inboxFilters(c);
      return c.html(
        <InboxPage
          frame={pageFrame(c, deps)}
          items={await listFacilityInbox(deps.db, actor, filters)}
          filters={filters}
        />,
      );
    }),
  );
  return web;
}
