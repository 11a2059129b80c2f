import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { type RequesterAttention, requesterAttentions, requesterStatusesOf } from '../../api/home/dashboards.ts';
import { listRequesterReferrals } from '../../api/referrals/read-model.ts';
import { requestDraftSteps } from '../../api/referrals/request-drafts.ts';
import { referralListQuery } from '../../api/referrals/schemas.ts';
import { canCreateReferral } from '../../domain/referral/policies.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { ReferralListPage, type RequesterListFilters } from '../pages/referral-list.tsx';
import { requestStepRoutes } from './request-steps.tsx';
import { withActor } from './require-actor.ts';

/** The list filters, from the address: French parameter names, and a wrong value is just ignored. */
function listFilters(c: Context<AppEnv>): RequesterListFilters {
  const shape = referralListQuery.shape;
  const filters: RequesterListFilters = {};
  const status = shape.status.safeParse(c.req.query('statut') || undefined);
  const kind = shape.kind.safeParse(c.req.query('type') || undefined);
  const q = shape.q.safeParse(c.req.query('nom') || undefined);
  if (status.success && status.data) filters.status = status.data;
  if (kind.success && kind.data) filters.kind = kind.data;
  if (q.success && q.data) filters.q = q.data;
  if (c.req.query('en-retard') === 'oui') filters.stalled = true;
  const attention = c.req.query('suivi');
  if (attention && Object.hasOwn(requesterAttentions, attention)) filters.attention = attention as RequesterAttention;
  return filters;
}

/** The requester's side: the list of their cases, and the steps that create a new one. */
export function referralRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  web.get('/demandes', (c) =>
    withActor(c, async (actor) => {
      const filters = listFilters(c);
      const referrals = await listRequesterReferrals(deps.db, actor, filters);
      // Drafts typed step by step reopen at the step left; the others at their first dossier step.
      const drafts = referrals.filter((referral) => referral.status === 'draft').map((referral) => referral.id);
      return c.html(
        <ReferralListPage
          frame={pageFrame(c, deps)}
          referrals={referrals}
          statuses={await requesterStatusesOf(deps.db, referrals)}
          draftSteps={await requestDraftSteps(deps.db, drafts)}
          filters={filters}
          canCreate={canCreateReferral(actor)}
        />,
      );
    }),
  );

  web.route('/', requestStepRoutes(deps));
  return web;
}
