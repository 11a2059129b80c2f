import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import {
  nudgeStalledReferral,
  type StalledCase,
  stalledCasesOfTerritory,
} from '../../api/coordination/stalled-cases.ts';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { type PcoStalledReason, pcoStalledReasons } from '../../domain/pco/orientation-state.ts';
import { isCoordinator } from '../../domain/referral/policies.ts';
import { type StalledReason, stalledReasons } from '../../domain/referral/stalls.ts';
import { freeText } from '../../domain/vocabulary.ts';
import { todayInParis } from '../components/dates.ts';
import { readForm } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { CoordinationPage, type NudgeFormState } from '../pages/coordination.tsx';
import { withActor } from './require-actor.ts';

const caseIdSchema = z.uuid();
const noteSchema = freeText(1000).min(3, 'Écrivez quelques mots de relance.');

/** The label of a stalled reason of a referral or an orientation, or undefined for anything else. */
function stalledReasonLabel(reason: string): string | undefined {
  if (Object.hasOwn(stalledReasons, reason)) return stalledReasons[reason as StalledReason];
  if (Object.hasOwn(pcoStalledReasons, reason)) return pcoStalledReasons[reason as PcoStalledReason];
  return undefined;
}

/** Who received a relance, as the redirect names them (`?a=`): never text taken from the address. */
const recipientKeys = { facility: 'etablissement', requester: 'demandeur' } as const;

function coordinator(actor: Actor): Actor {
  if (!isCoordinator(actor)) throw new AppError('auth.forbidden');
  return actor;
}

/** A département of the coordinator's territory, or none (every one of them). */
function chosenDepartement(actor: Actor, value: string | undefined): string | undefined {
  return value && actor.territories.includes(value) ? value : undefined;
}

/** « Relance envoyée à … », naming the facilities from the worklist when the case is still listed. */
function nudgeNotice(items: StalledCase[], caseId: string | undefined, sentTo: string | undefined): string | undefined {
  const keys = new Set((sentTo ?? '').split(','));
  const toFacility = keys.has(recipientKeys.facility);
  const toRequester = keys.has(recipientKeys.requester);
  if (!caseId || (!toFacility && !toRequester)) return undefined;
  const item = items.find((candidate) => candidate.id === caseId);
  const facilities = [
    ...new Set(item?.reasons.flatMap((reason) => (reason.party === 'facility' && reason.who ? [reason.who] : []))),
  ];
  const recipients = [
    ...(toFacility
      ? [
          facilities.length > 1
            ? `aux établissements ${facilities.join(', ')}`
            : `à l’établissement ${facilities[0] ?? 'attendu'}`,
        ]
      : []),
    ...(toRequester ? ['au demandeur'] : []),
  ];
  return `Relance envoyée ${recipients.join(' et ')}${item ? ` pour ${item.personName}` : ''}.`;
}

/** The coordinators' worklist, and the relance of the party a stalled referral waits for. */
export function coordinationRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  async function render(
    c: Context<AppEnv>,
    actor: Actor,
    departement: string | undefined,
    outcome: { notice?: string | undefined; error?: AppError; nudge?: NudgeFormState } = {},
  ) {
    const all = await stalledCasesOfTerritory(deps.db, actor, departement);
    // One reason only (`?motif=`, the home page's counts link here); an unknown one is ignored.
    const reason = c.req.query('motif');
    const reasonLabel = reason ? stalledReasonLabel(reason) : undefined;
    const items = reasonLabel ? all.filter((item) => item.reasons.some((mark) => mark.reason === reason)) : all;
    const status = outcome.error ? outcome.error.status : outcome.nudge ? 422 : 200;
    return c.html(
      <CoordinationPage
        frame={pageFrame(c, deps)}
        territories={actor.territories}
        reasonLabel={reasonLabel}
        departement={departement}
        items={items}
        notice={outcome.notice ?? nudgeNotice(items, c.req.query('dossier'), c.req.query('a'))}
        error={outcome.error}
        nudge={outcome.nudge}
      />,
      status as ContentfulStatusCode,
    );
  }

  web.get('/coordination', (c) =>
    withActor(c, (actor) => render(c, coordinator(actor), chosenDepartement(actor, c.req.query('departement')))),
  );

  web.post('/coordination/demandes/:id/relance', (c) =>
    withActor(c, async (actor) => {
      coordinator(actor);
      const caseId = caseIdSchema.safeParse(c.req.param('id'));
      if (!caseId.success) throw new AppError('referral.not_found');
      const form = await readForm(c);
      const departement = chosenDepartement(actor, form.text('departement'));
      const note = noteSchema.safeParse(form.text('note'));
      if (!note.success) {
        const error = note.error.issues[0]?.message ?? 'Écrivez quelques mots de relance.';
        return render(c, actor, departement, { nudge: { caseId: caseId.data, note: form.text('note'), error } });
      }
      let sentTo: string[];
      try {
        ({ sentTo } = await nudgeStalledReferral(deps, actor, caseId.data, note.data, todayInParis()));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return render(c, actor, departement, { error });
      }
      const query = new URLSearchParams({
        dossier: caseId.data,
        a: sentTo.map((party) => recipientKeys[party as keyof typeof recipientKeys] ?? party).join(','),
        ...(departement ? { departement } : {}),
      });
      return c.redirect(`/coordination?${query}`, 303);
    }),
  );

  return web;
}
