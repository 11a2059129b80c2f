import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { AppEnv } from '../../api/env.ts';
import { runCommand } from '../../api/referrals/commands.ts';
import { loadReferralDetail, openReferral } from '../../api/referrals/read-model.ts';
import { referralParams, taskParams } from '../../api/referrals/schemas.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { todayInParis } from '../../domain/calendar/days.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import {
  personCommand,
  type ReferralCommandName,
  referralCommand,
  referralCommands,
} from '../../domain/referral/commands.ts';
import { admissionRefusal, defaultAdmissionNoticeDays } from '../../domain/referral/entry-dates.ts';
import { isTaskOpen } from '../../domain/referral/facility-task.ts';
import { isCoordinator, isRequester } from '../../domain/referral/policies.ts';
import { inviteReferent } from '../../services/family/invitations.ts';
import { confirmedField, confirmedValue } from '../components/confirmation.tsx';
import { formatCalendarDate } from '../components/dates.ts';
import type { DetailFormName, DetailFormState } from '../components/detail-form.ts';
import { type FacilitySearch, noFacilitySearch } from '../components/facility-search.tsx';
import { fieldErrors, optional, readForm, reportMissing, type SubmittedForm } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { CommandConfirmationPage } from '../pages/command-confirmation.tsx';
import { ReferralDetailPage } from '../pages/referral-detail.tsx';
import { suggestableFacilities } from './coordination-choices.ts';
import { findFacilityChoices, readFacilitySearch } from './facility-choices.ts';
import { withActor } from './require-actor.ts';

const noChoices = { facilities: [], total: 0 };
const noPayload = z.object({});

/** What the page says after each successful action (`?fait=`), never text taken from the address. */
const notices = {
  envoyee: referralCommands.send.notice,
  brouillon: 'Le brouillon est enregistré. Complétez le dossier si besoin, puis envoyez la demande.',
  dossier: referralCommands.updateDossier.notice,
  'dossier-inchange': 'Le dossier n’a pas changé : aucune nouvelle version n’a été créée.',
  choix: referralCommands.choose.notice,
  annulee: referralCommands.cancel.notice,
  ajout: referralCommands.addFacilities.notice,
  retrait: referralCommands.withdraw.notice,
  reponse: referralCommands.answerInfo.notice,
  etude: referralCommands.startReview.notice,
  attente: referralCommands.waitlist.notice,
  question: referralCommands.requestInfo.notice,
  accord: referralCommands.accept.notice,
  refus: referralCommands.refuse.notice,
  admission: referralCommands.confirmAdmission.notice,
  impossible: referralCommands.reportAdmissionImpossible.notice,
  relance: referralCommands.remind.notice,
  note: referralCommands.addNote.notice,
  message: referralCommands.escalate.notice,
  suggestion: referralCommands.suggestFacilities.notice,
  'prise-en-charge': referralCommands.takeCharge.notice,
  famille: 'L’invitation est envoyée : le proche reçoit un lien pour suivre la demande.',
} as const;
export type Notice = keyof typeof notices;

/** Where a person follows a case: a family's référent on their request's page, everyone else on the case page. */
function casePageOf(actor: Actor, origin: string | undefined): '/demandes' | '/particulier/demandes' {
  return actor.role === 'particulier' && origin === 'family' ? '/particulier/demandes' : '/demandes';
}

/** The notice of a case page's `?fait=`, for the pages that show the same outcomes. */
export function caseNotice(done: string | undefined): string | undefined {
  return done && Object.hasOwn(notices, done) ? notices[done as Notice] : undefined;
}

/** One action of the case page: the form, named by the command of the table it gives, and how its fields are read. */
interface PageCommand {
  form: DetailFormName;
  required?: readonly string[];
  optional?: readonly string[];
  /** Messages for required fields left empty, instead of the schema's format messages. */
  missing?: Record<string, string>;
  /** For forms that are not plain text fields: the values to show again, and the body to check. */
  read?: (form: SubmittedForm) => { values: Record<string, string>; body: unknown };
  notice: Notice;
}

/** What an irreversible action concerns, line by line, for its confirmation page. */
function confirmationDetails(
  referral: ReferralDetail,
  command: ReferralCommandName,
  taskId: string | undefined,
  values: Record<string, string>,
): string[] {
  const named = referral.tasks.find((task) => task.id === (taskId ?? values.taskId));
  const facility = named ? [`Établissement : ${named.facility.name}`] : [];
  const othersOpen = (except?: string) =>
    referral.tasks.filter((task) => task.id !== except && isTaskOpen(task.status)).map((task) => task.facility.name);
  const reason = values.reason ? [`Motif : « ${values.reason} »`] : [];
  switch (command) {
    case 'choose': {
      const withdrawn = othersOpen(named?.id);
      return [
        ...(named
          ? [
              `Établissement choisi : ${named.facility.name}${named.proposedEntryDate ? ` (entrée proposée le ${formatCalendarDate(named.proposedEntryDate)})` : ''}`,
            ]
          : []),
        withdrawn.length > 0
          ? `Demandes retirées : ${withdrawn.join(', ')}`
          : 'Aucune autre demande en cours n’est retirée.',
      ];
    }
    case 'cancel': {
      const told = othersOpen();
      return [...reason, ...(told.length > 0 ? [`Établissements prévenus : ${told.join(', ')}`] : [])];
    }
    case 'confirmAdmission': {
      const day = values.actualEntryDate || named?.proposedEntryDate;
      return [...facility, ...(day ? [`Date d’entrée enregistrée : ${formatCalendarDate(day)}`] : [])];
    }
    default:
      return [...facility, ...reason];
  }
}

/** The case (and task) named by the address; a malformed id is simply not found. */
function routeTarget(c: Context<AppEnv>): { caseId: string; taskId: string | undefined } {
  const referral = referralParams.safeParse({ id: c.req.param('id') });
  if (!referral.success) throw new AppError('referral.not_found');
  const rawTaskId = c.req.param('taskId');
  if (rawTaskId === undefined) return { caseId: referral.data.id, taskId: undefined };
  const task = taskParams.safeParse({ id: referral.data.id, taskId: rawTaskId });
  if (!task.success) throw new AppError('task.not_found');
  return { caseId: task.data.id, taskId: task.data.taskId };
}

/** The case page, for the requester and for the facilities it was sent to, and every action on it. */
export function referralDetailRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  /** Facilities of the same kind the requester could still add. */
  async function addable(referral: ReferralDetail, search: FacilitySearch) {
    if (referral.status !== 'draft' && referral.status !== 'sent') return { choices: noChoices, search };
    const addressed = new Set(referral.tasks.map((task) => task.facility.id));
    return { choices: await findFacilityChoices(deps.db, referral.kind, search, addressed), search };
  }

  async function render(
    c: Context<AppEnv>,
    actor: Actor,
    caseId: string,
    outcome: { notice?: string; error?: AppError; state?: DetailFormState; search?: FacilitySearch } = {},
  ) {
    const referral = await loadReferralDetail(deps.db, actor, caseId);
    const asRequester = isRequester(actor, { requesterId: referral.requester.id });
    const invalid = outcome.state && Object.keys(outcome.state.errors).length > 0;
    const status = outcome.error ? outcome.error.status : invalid ? 422 : 200;
    return c.html(
      <ReferralDetailPage
        frame={pageFrame(c, deps)}
        referral={referral}
        asRequester={asRequester}
        asCoordinator={!asRequester && isCoordinator(actor)}
        coordination={
          !asRequester && isCoordinator(actor)
            ? { suggestable: await suggestableFacilities(deps.db, referral) }
            : undefined
        }
        addable={
          asRequester
            ? await addable(referral, outcome.search ?? noFacilitySearch)
            : { choices: noChoices, search: noFacilitySearch }
        }
        notice={outcome.notice}
        error={outcome.error}
        state={outcome.state}
        admissionNoticeDays={deps.admissionNoticeDays}
      />,
      status as ContentfulStatusCode,
    );
  }

  /** An admission asked for too far ahead of its entry day: said at once, before any confirmation. */
  function tooEarly(referral: ReferralDetail, taskId: string | undefined, values: Record<string, string>) {
    const task = referral.tasks.find((candidate) => candidate.id === taskId);
    if (!task) return undefined;
    const refused = admissionRefusal(
      { proposedEntryDate: task.proposedEntryDate ?? undefined, acceptedAt: task.acceptedAt ?? undefined },
      values.actualEntryDate || undefined,
      todayInParis(),
      deps.admissionNoticeDays ?? defaultAdmissionNoticeDays,
    );
    return refused ? new AppError(refused.code, refused.message) : undefined;
  }

  /**
   * POST, then redirect to the case page; a refusal shows the page again with the form as typed. An
   * irreversible command (its `confirmation` in the table) first answers with a confirmation page,
   * unless the form says it was confirmed (the modal's script, or that page's own form).
   */
  function action(path: string, command: PageCommand) {
    web.post(path, (c) =>
      withActor(c, async (actor) => {
        const { caseId, taskId } = routeTarget(c);
        const form = await readForm(c);
        let values: Record<string, string> = {};
        let body: unknown;
        if (command.read) ({ values, body } = command.read(form));
        else {
          const fields: Record<string, string | undefined> = {};
          for (const name of command.required ?? []) {
            values[name] = form.text(name);
            fields[name] = values[name];
          }
          for (const name of command.optional ?? []) {
            values[name] = form.text(name);
            fields[name] = optional(values[name]);
          }
          body = fields;
        }
        const search = readFacilitySearch((name) => form.text(`recherche.${name}`));
        const state = (errors: DetailFormState['errors']): DetailFormState => ({
          form: command.form,
          taskId,
          values,
          errors,
        });

        const payload = referralCommand(command.form).payload ?? noPayload;
        const parsed = payload.safeParse(body);
        if (!parsed.success) {
          const missing = Object.entries(command.missing ?? {}).map(
            ([name, message]) => [name, values[name], message] as const,
          );
          return render(c, actor, caseId, {
            state: state(reportMissing(fieldErrors(parsed.error), missing)),
            search,
          });
        }
        const confirmation = referralCommand(command.form).confirmation;
        if (confirmation) {
          const referral = await loadReferralDetail(deps.db, actor, caseId);
          const early = command.form === 'confirmAdmission' ? tooEarly(referral, taskId, values) : undefined;
          if (early) return render(c, actor, caseId, { error: early, state: state({}), search });
          if (form.text(confirmedField) !== confirmedValue) {
            return c.html(
              <CommandConfirmationPage
                frame={pageFrame(c, deps)}
                referral={referral}
                confirmation={confirmation}
                action={c.req.path}
                values={values}
                details={confirmationDetails(referral, command.form, taskId, values)}
              />,
            );
          }
        }
        let after: Awaited<ReturnType<typeof runCommand>>;
        try {
          after = await runCommand(deps, actor, caseId, personCommand(command.form, taskId, parsed.data));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return render(c, actor, caseId, { error, state: state({}), search });
        }
        return c.redirect(`${casePageOf(actor, after.origin?.kind)}/${caseId}?fait=${command.notice}`, 303);
      }),
    );
  }

  web.get('/demandes/:id', (c) =>
    withActor(c, async (actor) => {
      const { caseId } = routeTarget(c);
      const opened = await openReferral(deps, actor, caseId);
      const done = c.req.query('fait');
      // A family's request is followed from its own page (the links of messages lead here too).
      const page = casePageOf(actor, opened.origin);
      if (page !== '/demandes') {
        return c.redirect(`${page}/${caseId}${done && Object.hasOwn(notices, done) ? `?fait=${done}` : ''}`, 303);
      }
      const notice = done && Object.hasOwn(notices, done) ? notices[done as Notice] : undefined;
      const search = readFacilitySearch((name) => c.req.query(name));
      return render(c, actor, caseId, { ...(notice ? { notice } : {}), search });
    }),
  );

  // A physician's own request: the family invited follows it (services/family/invitations.ts decides who may).
  web.post('/demandes/:id/inviter-famille', (c) =>
    withActor(c, async (actor) => {
      const { caseId } = routeTarget(c);
      const form = await readForm(c);
      const email = form.text('email').trim().slice(0, 320);
      try {
        await inviteReferent(
          { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, appUrl: deps.appUrl },
          { actor, caseId, email, ip: c.get('clientIp') ?? null },
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.code === 'referral.not_found') throw error;
        const field: Record<string, string> =
          error.code === 'family.invitation_email_invalid' ? { email: error.message } : {};
        return render(c, actor, caseId, { error, state: { form: 'inviteFamily', values: { email }, errors: field } });
      }
      return c.redirect(`/demandes/${caseId}?fait=famille`, 303);
    }),
  );

  // ── Requester ──
  action('/demandes/:id/envoyer', {
    form: 'send',
    notice: 'envoyee',
  });
  action('/demandes/:id/choisir', {
    form: 'choose',
    required: ['taskId'],
    notice: 'choix',
  });
  action('/demandes/:id/annuler', {
    form: 'cancel',
    required: ['reason'],
    missing: { reason: 'Indiquez le motif de l’annulation.' },
    notice: 'annulee',
  });
  action('/demandes/:id/etablissements', {
    form: 'addFacilities',
    read: (form) => {
      const facilityIds = form.texts('facilityIds');
      const wave = form.text('wave') || '1';
      return {
        values: { facilityIds: facilityIds.join(','), wave },
        body: { facilityIds, wave: wave === '2' ? 2 : wave === '1' ? 1 : wave },
      };
    },
    notice: 'ajout',
  });
  action('/demandes/:id/taches/:taskId/retirer', {
    form: 'withdraw',
    notice: 'retrait',
  });
  action('/demandes/:id/taches/:taskId/repondre', {
    form: 'answerInfo',
    required: ['answer'],
    notice: 'reponse',
  });

  // ── Facility ──
  action('/demandes/:id/taches/:taskId/etudier', {
    form: 'startReview',
    notice: 'etude',
  });
  action('/demandes/:id/taches/:taskId/liste-attente', {
    form: 'waitlist',
    optional: ['comment'],
    notice: 'attente',
  });
  action('/demandes/:id/taches/:taskId/demander-informations', {
    form: 'requestInfo',
    required: ['question'],
    missing: { question: 'Précisez les informations attendues.' },
    notice: 'question',
  });
  action('/demandes/:id/taches/:taskId/accepter', {
    form: 'accept',
    required: ['proposedEntryDate'],
    optional: ['placeHeldUntil', 'comment'],
    missing: { proposedEntryDate: 'Indiquez la date d’entrée proposée.' },
    notice: 'accord',
  });
  action('/demandes/:id/taches/:taskId/refuser', {
    form: 'refuse',
    required: ['reasonCode'],
    optional: ['comment'],
    missing: { reasonCode: 'Choisissez un motif de refus.' },
    notice: 'refus',
  });
  action('/demandes/:id/taches/:taskId/confirmer-admission', {
    form: 'confirmAdmission',
    optional: ['actualEntryDate'],
    notice: 'admission',
  });
  action('/demandes/:id/taches/:taskId/admission-impossible', {
    form: 'reportAdmissionImpossible',
    required: ['reason'],
    notice: 'impossible',
  });

  return web;
}
