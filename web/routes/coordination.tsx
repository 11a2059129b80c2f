import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { readWorklistQuery, stalledWorklist, type WorklistQuery } from '../../api/coordination/stalled-cases.ts';
import type { AppEnv } from '../../api/env.ts';
import { runCommand } from '../../api/referrals/commands.ts';
import { loadReferralDetail } from '../../api/referrals/read-model.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { personCommand, referralCommand, referralCommands } from '../../domain/referral/commands.ts';
import { isCoordinator } from '../../domain/referral/policies.ts';
import {
  type CoordinationFormName,
  type CoordinationFormState,
  coordinationPaths,
} from '../components/coordination-panel.tsx';
import { todayInParis } from '../components/dates.ts';
import { noFacilitySearch } from '../components/facility-search.tsx';
import { optional, readForm, type SubmittedForm } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { CoordinationPage } from '../pages/coordination.tsx';
import { ReferralDetailPage } from '../pages/referral-detail.tsx';
import { suggestableFacilities } from './coordination-choices.ts';
import { withActor } from './require-actor.ts';

const caseIdSchema = z.uuid();

/** What the list says after an action (`?fait=`), never text taken from the address. */
const notices: Record<string, string> = Object.fromEntries(
  (Object.entries(coordinationPaths) as [CoordinationFormName, string][]).map(([form, path]) => [
    path,
    referralCommands[form].notice,
  ]),
);

/** Each form's fields, as the command of the table reads them. */
const formBodies: Record<CoordinationFormName, (form: SubmittedForm) => Record<string, unknown>> = {
  remind: (form) => ({ message: optional(form.text('message')) }),
  addNote: (form) => ({ note: form.text('note') }),
  escalate: (form) => ({ message: form.text('message') }),
  suggestFacilities: (form) => ({ facilityIds: form.texts('facilityIds').filter((id) => id !== '') }),
  takeCharge: (form) => ({ until: form.text('until') }),
};

function coordinator(actor: Actor): Actor {
  if (!isCoordinator(actor)) throw new AppError('auth.forbidden');
  return actor;
}

/** A département of the coordinator's territory, or none (every one of them). */
function withinTerritory(actor: Actor, query: WorklistQuery): WorklistQuery {
  const { departement, ...rest } = query;
  return departement && actor.territories.includes(departement) ? query : rest;
}

/** Where an action returns: the worklist (with its filters) or the case's page; nothing else. */
function backTo(value: string | undefined, caseId: string): string {
  if (value === `/demandes/${caseId}`) return value;
  if (value && /^\/coordination(\?[\w\-.=&%]*)?$/.test(value)) return value;
  return '/coordination';
}

/** The coordinators' worklist, and their actions on a stalled case (commands of the case's workflow). */
export function coordinationRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  async function renderList(
    c: Context<AppEnv>,
    actor: Actor,
    query: WorklistQuery,
    outcome: { notice?: string | undefined; error?: AppError; form?: CoordinationFormState } = {},
  ) {
    const today = todayInParis();
    const worklist = await stalledWorklist(deps.db, actor, query, today);
    const status = outcome.error ? outcome.error.status : outcome.form ? 422 : 200;
    return c.html(
      <CoordinationPage
        frame={pageFrame(c, deps)}
        territories={actor.territories}
        query={query}
        worklist={worklist}
        today={today}
        notice={outcome.notice}
        error={outcome.error}
        form={outcome.form}
      />,
      status as ContentfulStatusCode,
    );
  }

  async function renderCase(
    c: Context<AppEnv>,
    actor: Actor,
    caseId: string,
    outcome: { error?: AppError; form?: CoordinationFormState },
  ) {
    const referral = await loadReferralDetail(deps.db, actor, caseId);
    const status = outcome.error ? outcome.error.status : 422;
    return c.html(
      <ReferralDetailPage
        frame={pageFrame(c, deps)}
        referral={referral}
        asRequester={false}
        asCoordinator
        addable={{ choices: { facilities: [], total: 0 }, search: noFacilitySearch }}
        error={outcome.error}
        coordination={{ suggestable: await suggestableFacilities(deps.db, referral), state: outcome.form }}
      />,
      status as ContentfulStatusCode,
    );
  }

  web.get('/coordination', (c) =>
    withActor(c, (actor) => {
      const query = withinTerritory(
        coordinator(actor),
        readWorklistQuery((name) => c.req.query(name)),
      );
      const done = c.req.query('fait');
      return renderList(c, actor, query, { notice: done && Object.hasOwn(notices, done) ? notices[done] : undefined });
    }),
  );

  for (const [form, path] of Object.entries(coordinationPaths) as [CoordinationFormName, string][]) {
    web.post(`/coordination/demandes/:id/${path}`, (c) =>
      withActor(c, async (actor) => {
        coordinator(actor);
        const caseId = caseIdSchema.safeParse(c.req.param('id'));
        if (!caseId.success) throw new AppError('referral.not_found');
        const submitted = await readForm(c);
        const back = backTo(submitted.text('retour'), caseId.data);
        const render = (outcome: { error?: AppError; form?: CoordinationFormState }) => {
          if (back.startsWith('/demandes/')) return renderCase(c, actor, caseId.data, outcome);
          const params = new URLSearchParams(back.split('?')[1] ?? '');
          const query = withinTerritory(
            actor,
            readWorklistQuery((name) => params.get(name) ?? undefined),
          );
          return renderList(c, actor, query, outcome);
        };
        const body = formBodies[form](submitted);
        const parsed = (referralCommand(form).payload ?? z.object({})).safeParse(body);
        if (!parsed.success) {
          const values = Object.fromEntries(
            Object.entries(body).map(([name, value]) => [
              name,
              Array.isArray(value) ? value.join(',') : String(value ?? ''),
            ]),
          );
          const error = parsed.error.issues[0]?.message ?? 'Certaines informations sont invalides.';
          return render({ form: { caseId: caseId.data, form, values, error } });
        }
        try {
          await runCommand(deps, actor, caseId.data, personCommand(form, undefined, parsed.data));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return render({ error });
        }
        const separator = back.includes('?') ? '&' : '?';
        return c.redirect(`${back}${separator}fait=${path}`, 303);
      }),
    );
  }

  return web;
}
