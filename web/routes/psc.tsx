import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { createPhysicianFromEnrolment, pendingEnrolment } from '../../api/auth/psc-enrolment.ts';
import { beginPscLogin, completePscLogin, type PscServices } from '../../api/auth/psc-login.ts';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import { physicianDisplayName } from '../../domain/identity/psc-identity.ts';
import { minimumPasswordLength } from '../../services/identity/passwords.ts';
import { createPscClient, pscRedirectUri } from '../../services/identity/psc-client.ts';
import { defaultAuthSettings } from '../../services/identity/settings.ts';
import { readForm } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { EnrolmentPage, PscProblemPage } from '../pages/psc.tsx';
import { safeReturnPath, withActor } from './require-actor.ts';

const enrolmentForm = z.object({
  email: z.string().trim().toLowerCase().email('Adresse e-mail invalide.').max(320),
  password: z.string().max(200),
  confirmation: z.string().max(200),
});

/**
 * Physicians' way in through Pro Santé Connect: /connexion/psc → PSC → /connexion/psc/retour, then
 * either a session or, for an RPPS without account, the creation form at /inscription.
 */
export function pscRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  const services: PscServices | undefined = deps.psc && {
    db: deps.db,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    appUrl: deps.appUrl,
    settings: { ...defaultAuthSettings, ...deps.auth },
    psc: createPscClient(deps.psc, pscRedirectUri(deps.appUrl)),
  };

  /** Refusals read as a page of this flow, with the way back to the login page. */
  const problem = (c: Context<AppEnv>, error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    return c.html(<PscProblemPage frame={pageFrame(c, deps)} message={error.message} />, error.status as 400);
  };
  const configured = (): PscServices => {
    if (!services) throw new AppError('auth.psc_not_configured');
    return services;
  };

  web.get('/connexion/psc', async (c) => {
    try {
      const url = await beginPscLogin(configured(), c, safeReturnPath(c.req.query('retour')));
      return c.redirect(url.href, 303);
    } catch (error) {
      return problem(c, error);
    }
  });

  web.get('/connexion/psc/retour', async (c) => {
    try {
      const outcome = await completePscLogin(configured(), c, c.get('actor')?.id);
      if (outcome.kind === 'enrolment') return c.redirect('/inscription', 303);
      if (outcome.kind === 'linked') return c.redirect(outcome.returnPath ?? '/compte', 303);
      const back = outcome.returnPath;
      if (outcome.cguRequired) return c.redirect(`/connexion/cgu${back ? `?retour=${back}` : ''}`, 303);
      return c.redirect(back ?? '/', 303);
    } catch (error) {
      return problem(c, error);
    }
  });

  // A signed-in person proves with PSC that they are the physician of their account (a proposed
  // facility doctor confirms their own role this way). A form, so another site cannot start it.
  web.post('/connexion/psc/confirmer', (c) =>
    withActor(c, async (actor) => {
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      try {
        const back = safeReturnPath(form.text('retour')) ?? '/mon-etablissement';
        const url = await beginPscLogin(configured(), c, back, { linkUserId: actor.id });
        return c.redirect(url.href, 303);
      } catch (error) {
        return problem(c, error);
      }
    }),
  );

  const enrolmentPage = async (c: Context<AppEnv>, form?: { email: string; error: string }, status = 200) => {
    const enrolment = await pendingEnrolment(deps.db, c);
    if (!enrolment) return problem(c, new AppError('auth.enrolment_invalid'));
    return c.html(
      <EnrolmentPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        displayName={physicianDisplayName(enrolment)}
        rpps={enrolment.rpps}
        email={form?.email ?? enrolment.email ?? ''}
        minimumLength={minimumPasswordLength}
        error={form?.error}
      />,
      status as 200,
    );
  };

  web.get('/inscription', (c) => enrolmentPage(c));

  web.post('/inscription', async (c) => {
    const form = await readForm(c);
    checkCsrf(c, form.text('csrf'));
    const email = form.text('email').trim();
    const parsed = enrolmentForm.safeParse({
      email,
      password: form.text('password'),
      confirmation: form.text('confirmation'),
    });
    if (!parsed.success) {
      return enrolmentPage(c, { email, error: parsed.error.issues[0]?.message ?? 'Formulaire invalide.' }, 422);
    }
    try {
      const created = await createPhysicianFromEnrolment(configured(), c, parsed.data);
      return c.redirect(created.cguRequired ? '/connexion/cgu?retour=/' : '/', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'auth.enrolment_invalid') return problem(c, error);
      return enrolmentPage(c, { email, error: error.message }, error.status);
    }
  });

  return web;
}
