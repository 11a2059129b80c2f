import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../api/env.ts';
import { runCommand } from '../../api/referrals/commands.ts';
import { loadDossier, loadReferralDetail } from '../../api/referrals/read-model.ts';
import { referralParams } from '../../api/referrals/schemas.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import type { FacilityKind } from '../../domain/directory/facility-kinds.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { personCommand, referralCommands } from '../../domain/referral/commands.ts';
import { type DraftDossier, missingDossierParts } from '../../domain/referral/dossier.ts';
import { isPhysicianPart } from '../../domain/referral/family.ts';
import { confirmedField, confirmedValue } from '../components/confirmation.tsx';
import {
  type DossierValues,
  dossierField,
  dossierFromValues,
  missingFieldErrors,
  valuesFromDossier,
} from '../components/dossier-form.ts';
import { type FieldErrors, fieldErrors, readForm, type SubmittedForm } from '../components/form-data.ts';
import { checkCsrf } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { CommandConfirmationPage } from '../pages/command-confirmation.tsx';
import { PhysicianCompletionPage } from '../pages/physician-completion.tsx';
import { girOfValues, liveGirAnswer, stepPaths } from './request-steps.tsx';
import { withActor } from './require-actor.ts';

/** The fields the physician types: the medical part and the grid, as the request steps name them. */
function physicianPaths(kind: FacilityKind): string[] {
  return [...stepPaths(kind, 'medical'), ...stepPaths(kind, 'autonomie')];
}

/**
 * The médecin traitant's completion of a family request (issue 15): his « Dossiers à compléter »
 * leads here; he fills the medical part and the grid and validates (completeByPhysician), or
 * declines (declineAsPhysician, after a confirmation). Only the active designated physician: the
 * read model shows the case to nobody else of his role.
 */
export function physicianCompletionRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  /** The family request waiting for this physician, or the case page once it is no longer his to complete. */
  async function waiting(c: Context<AppEnv>, actor: Actor) {
    const parsed = referralParams.safeParse({ id: c.req.param('id') });
    if (!parsed.success || actor.role !== 'physician') throw new AppError('referral.not_found');
    const referral = await loadReferralDetail(deps.db, actor, parsed.data.id);
    if (referral.origin !== 'family') throw new AppError('referral.not_found');
    // His parts can be written by him only: none missing means he has validated them.
    const done =
      referral.status !== 'draft' || !referral.dossier.missingParts.some((part) => isPhysicianPart(part.path));
    return { referral, done };
  }

  async function storedValues(c: Context<AppEnv>, actor: Actor, referral: ReferralDetail): Promise<DossierValues> {
    const dossier = await loadDossier(deps.db, actor, referral.id, c.get('clientIp'));
    return valuesFromDossier(dossier.content, referral.kind);
  }

  function typedValues(form: SubmittedForm, stored: DossierValues, kind: FacilityKind): DossierValues {
    const values = { ...stored };
    for (const path of physicianPaths(kind)) values[path] = form.text(dossierField(path));
    return values;
  }

  function page(
    c: Context<AppEnv>,
    referral: ReferralDetail,
    values: DossierValues,
    outcome: { errors?: FieldErrors; error?: AppError; shareGir?: boolean } = {},
  ) {
    const frame = pageFrame(c, deps);
    const errors = outcome.errors ?? {};
    const status = outcome.error ? outcome.error.status : Object.keys(errors).length > 0 ? 422 : 200;
    return c.html(
      <PhysicianCompletionPage
        frame={frame}
        referral={referral}
        csrf={frame.csrf}
        values={values}
        errors={errors}
        error={outcome.error}
        gir={girOfValues(values)}
        shareGir={outcome.shareGir ?? false}
      />,
      status as ContentfulStatusCode,
    );
  }

  web.get('/medecin/dossiers/:id', (c) =>
    withActor(c, async (actor) => {
      const { referral, done } = await waiting(c, actor);
      if (done) return c.redirect(`/demandes/${referral.id}`, 303);
      return page(c, referral, await storedValues(c, actor, referral));
    }),
  );

  /** The live GIR of the page's script: the grid as posted (never in an address). */
  web.post('/medecin/dossiers/:id/gir', (c) =>
    withActor(c, async (actor) => {
      const { referral } = await waiting(c, actor);
      return c.json(liveGirAnswer(await readForm(c), referral.kind));
    }),
  );

  web.post('/medecin/dossiers/:id/valider', (c) =>
    withActor(c, async (actor) => {
      const { referral, done } = await waiting(c, actor);
      if (done) return c.redirect(`/demandes/${referral.id}`, 303);
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      const values = typedValues(form, await storedValues(c, actor, referral), referral.kind);
      const shareGir = form.text('shareGir') === '1';
      const parsed = referralCommands.updateDossier.payload.safeParse({ dossier: dossierFromValues(values) });
      if (!parsed.success) {
        const errors = Object.fromEntries(
          Object.entries(fieldErrors(parsed.error)).filter(([name]) => isPhysicianPart(name.replace(/^dossier\./, ''))),
        );
        if (Object.keys(errors).length > 0) return page(c, referral, values, { errors, shareGir });
      }
      const dossier = (parsed.success ? parsed.data.dossier : dossierFromValues(values)) as DraftDossier;
      // What is still missing of his parts is said on each field; the family's part is not his to fill.
      const missing = missingDossierParts(referral.kind, dossier).filter((part) => isPhysicianPart(part.path));
      const payload = referralCommands.completeByPhysician.payload.safeParse({
        medical: dossier.medical,
        aggir: dossier.autonomy?.aggir,
        shareGir,
        confirmNotDuplicate: form.text('confirmNotDuplicate') === '1',
      });
      if (missing.length > 0 || !payload.success) {
        return page(c, referral, values, {
          errors: missingFieldErrors(values, missing),
          error: new AppError('physician.part_incomplete'),
          shareGir,
        });
      }
      try {
        await runCommand(deps, actor, referral.id, personCommand('completeByPhysician', undefined, payload.data));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return page(c, referral, values, { error, shareGir });
      }
      return c.redirect('/medecin/dossiers-a-completer?fait=valide', 303);
    }),
  );

  web.post('/medecin/dossiers/:id/decliner', (c) =>
    withActor(c, async (actor) => {
      const { referral, done } = await waiting(c, actor);
      if (done) return c.redirect(`/demandes/${referral.id}`, 303);
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      const confirmation = referralCommands.declineAsPhysician.confirmation;
      if (form.text(confirmedField) !== confirmedValue) {
        return c.html(
          <CommandConfirmationPage
            frame={pageFrame(c, deps)}
            referral={referral}
            confirmation={confirmation}
            action={c.req.path}
            values={{ csrf: form.text('csrf') }}
            details={[`Dossier n° ${referral.dossierNumber ?? ''}`, 'Les référents de la demande sont prévenus.']}
            back={`/medecin/dossiers/${referral.id}`}
          />,
        );
      }
      await runCommand(deps, actor, referral.id, { type: 'declineAsPhysician' });
      return c.redirect('/medecin/dossiers-a-completer?fait=decline', 303);
    }),
  );

  return web;
}
