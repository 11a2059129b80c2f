import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../api/env.ts';
import { runCommand } from '../../api/referrals/commands.ts';
import { loadDossier, loadReferralDetail } from '../../api/referrals/read-model.ts';
import { referralParams } from '../../api/referrals/schemas.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { referralCommands } from '../../domain/referral/commands.ts';
import { isRequester } from '../../domain/referral/policies.ts';
import { isReferralClosed } from '../../domain/referral/state.ts';
import { missingPartsOf } from '../components/alerts.tsx';
import {
  type DossierValues,
  dossierFromValues,
  missingFieldErrors,
  readDossierValues,
  sameDossierContent,
  valuesFromDossier,
} from '../components/dossier-form.ts';
import { renderDossierPdf } from '../components/dossier-pdf.ts';
import { type FieldErrors, fieldErrors, readForm } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { DossierEditPage, DossierViewPage } from '../pages/referral-dossier.tsx';
import { withActor } from './require-actor.ts';

function caseIdOf(c: Context<AppEnv>): string {
  const parsed = referralParams.safeParse({ id: c.req.param('id') });
  if (!parsed.success) throw new AppError('referral.not_found');
  return parsed.data.id;
}

/** The requester edits the dossier of an open case; everyone else (and closed cases) reads it. */
function canEdit(actor: Actor, referral: ReferralDetail): boolean {
  return isRequester(actor, { requesterId: referral.requester.id }) && !isReferralClosed(referral.status);
}

/** The patient's dossier of a case: the form that saves a new version, or the page that shows one. */
export function referralDossierRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  function renderEdit(
    c: Context<AppEnv>,
    referral: ReferralDetail,
    values: DossierValues,
    outcome: { errors?: FieldErrors; error?: AppError; notice?: string } = {},
  ) {
    const errors = outcome.errors ?? {};
    const status = outcome.error ? outcome.error.status : Object.keys(errors).length > 0 ? 422 : 200;
    return c.html(
      <DossierEditPage
        frame={pageFrame(c, deps)}
        referral={referral}
        values={values}
        errors={errors}
        error={outcome.error}
        notice={outcome.notice}
      />,
      status as ContentfulStatusCode,
    );
  }

  web.get('/demandes/:id/dossier', (c) =>
    withActor(c, async (actor) => {
      const caseId = caseIdOf(c);
      const referral = await loadReferralDetail(deps.db, actor, caseId);
      const asked = Number(c.req.query('version'));
      const version = Number.isInteger(asked) && asked >= 1 && asked <= referral.dossier.version ? asked : undefined;
      if (canEdit(actor, referral) && version === undefined) {
        const dossier = await loadDossier(deps.db, actor, caseId, c.get('clientIp'));
        return renderEdit(c, referral, valuesFromDossier(dossier.content, referral.kind));
      }
      const dossier = await loadDossier(deps.db, actor, caseId, c.get('clientIp'), version);
      return c.html(<DossierViewPage frame={pageFrame(c, deps)} referral={referral} dossier={dossier} />);
    }),
  );

  // « Imprimer le dossier »: the dossier as this person may read it, as a PDF (journaled as a read of
  // each part printed). Never cached: it holds personal data.
  web.get('/demandes/:id/dossier.pdf', (c) =>
    withActor(c, async (actor) => {
      const caseId = caseIdOf(c);
      const referral = await loadReferralDetail(deps.db, actor, caseId);
      const asked = Number(c.req.query('version'));
      const version = Number.isInteger(asked) && asked >= 1 && asked <= referral.dossier.version ? asked : undefined;
      const dossier = await loadDossier(deps.db, actor, caseId, c.get('clientIp'), version, { format: 'pdf' });
      const pdf = await renderDossierPdf({ referral, dossier, printedAt: new Date() });
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        // The file name carries the case's reference only, never the person's name.
        'Content-Disposition': `inline; filename="dossier-${referral.id.slice(0, 8)}.pdf"`,
        'Cache-Control': 'no-store',
      });
    }),
  );

  web.post('/demandes/:id/dossier', (c) =>
    withActor(c, async (actor) => {
      const caseId = caseIdOf(c);
      const referral = await loadReferralDetail(deps.db, actor, caseId);
      if (!isRequester(actor, { requesterId: referral.requester.id })) throw new AppError('auth.forbidden');
      const form = await readForm(c);
      const values = readDossierValues(form, referral.kind);
      const send = form.text('action') === 'envoyer' && referral.status === 'draft';
      const parsed = referralCommands.updateDossier.payload.safeParse({ dossier: dossierFromValues(values) });
      if (!parsed.success) return renderEdit(c, referral, values, { errors: fieldErrors(parsed.error) });

      const current = await loadDossier(deps.db, actor, caseId, c.get('clientIp'));
      const changed = current.version === 0 || !sameDossierContent(parsed.data.dossier, current.content);
      try {
        if (changed) await runCommand(deps, actor, caseId, { type: 'updateDossier', dossier: parsed.data.dossier });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return renderEdit(c, referral, values, { error });
      }
      if (send) {
        try {
          await runCommand(deps, actor, caseId, { type: 'send' });
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          // The new version is saved all the same: show it, with what still blocks sending.
          const saved = await loadReferralDetail(deps.db, actor, caseId);
          const missing = missingPartsOf(error);
          return renderEdit(c, saved, values, {
            error,
            errors: missing.length > 0 ? missingFieldErrors(values, missing) : {},
            ...(changed ? { notice: `Le dossier est enregistré (version ${saved.dossier.version}).` } : {}),
          });
        }
        return c.redirect(`/demandes/${caseId}?fait=envoyee`, 303);
      }
      return c.redirect(`/demandes/${caseId}?fait=${changed ? 'dossier' : 'dossier-inchange'}`, 303);
    }),
  );

  return web;
}
