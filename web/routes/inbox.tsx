import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { inboxQuery } from '../../api/referrals/schemas.ts';
import { listFacilityTriage, type TriageQuery, triageSorts } from '../../api/referrals/triage-inbox.ts';
import { isCalendarDay } from '../../domain/calendar/days.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { InboxPage } from '../pages/inbox.tsx';
import { withActor } from './require-actor.ts';

/** The inbox filters and sort, from the address; a wrong value is just ignored. */
function inboxFilters(c: Context<AppEnv>): TriageQuery {
  const filters: TriageQuery = {};
  const status = inboxQuery.shape.status.safeParse(c.req.query('statut') || undefined);
  if (status.success && status.data) filters.status = status.data;
  if (c.req.query('en-retard') === 'oui') filters.overdue = true;
  const entryBy = c.req.query('entree-avant');
  if (entryBy && isCalendarDay(entryBy)) filters.entryBy = entryBy;
  const sort = c.req.query('tri');
  if (sort && Object.hasOwn(triageSorts, sort)) filters.sort = sort as keyof typeof triageSorts;
  return filters;
}

/** Requests addressed to the facilities of the acting member, for triage. */
export function inboxRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  web.get('/boite-de-reception', (c) =>
    withActor(c, async (actor) => {
      const filters = inboxFilters(c);
      const now = deps.clock?.() ?? new Date();
      const page = Number(c.req.query('page') ?? '1');
      const inbox = await listFacilityTriage(
        deps.db,
        actor,
        filters,
        now,
        Number.isInteger(page) && page >= 1 ? page : 1,
      );
      return c.html(<InboxPage frame={pageFrame(c, deps)} inbox={inbox} filters={filters} />);
    }),
  );
  return web;
}
