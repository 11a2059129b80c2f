import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { confirmDoctorGrant, doctorGrantConfirmationInput, pendingDoctorGrants } from '../../api/auth/doctor-grants.ts';
import { clientIp } from '../../api/auth/request-info.ts';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import { canConfirmDoctorGrants } from '../../domain/identity/doctor-grants.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { defaultAuthSettings } from '../../services/identity/settings.ts';
import { readForm } from '../components/form-data.ts';
import { checkCsrf } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { DoctorGrantsPage } from '../pages/doctor-grants.tsx';
import { withActor } from './require-actor.ts';

function administrator(actor: Actor): Actor {
  if (!canConfirmDoctorGrants(actor)) throw new AppError('auth.forbidden');
  return actor;
}

/** Administrators confirm the doctor roles facilities proposed (forms call api/auth/doctor-grants). */
export function doctorGrantRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  const settings = { ...defaultAuthSettings, ...deps.auth };

  async function render(c: Context<AppEnv>, actor: Actor, page: { notice?: string; error?: AppError } = {}) {
    return c.html(
      <DoctorGrantsPage
        frame={pageFrame(c, deps)}
        grants={await pendingDoctorGrants(deps.db, actor)}
        notice={page.notice}
        error={page.error}
      />,
      (page.error?.status ?? 200) as ContentfulStatusCode,
    );
  }

  web.get('/administration/medecins', (c) =>
    withActor(c, (actor) =>
      render(c, administrator(actor), {
        ...(c.req.query('confirme') === '1' ? { notice: 'Le rôle de médecin est confirmé.' } : {}),
      }),
    ),
  );

  web.post('/administration/medecins/confirmer', (c) =>
    withActor(c, async (actor) => {
      administrator(actor);
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      const parsed = doctorGrantConfirmationInput.safeParse({
        userId: form.text('userId'),
        facilityId: form.text('facilityId'),
        rpps: form.text('rpps'),
      });
      try {
        if (!parsed.success) throw new AppError('doctor_grant.not_found');
        await confirmDoctorGrant(deps.db, { actor, ...parsed.data, ip: clientIp(c, settings.trustProxy) });
        return c.redirect('/administration/medecins?confirme=1', 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'auth.forbidden') throw error;
        return render(c, actor, { error });
      }
    }),
  );

  return web;
}
