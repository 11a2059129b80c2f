import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { AppEnv } from '../../api/env.ts';
import { runCommand } from '../../api/referrals/commands.ts';
import { loadReferralDetail } from '../../api/referrals/read-model.ts';
import {
  acceptBody,
  cancelBody,
  chooseBody,
  referralParams,
  refuseBody,
  taskParams,
} from '../../api/referrals/schemas.ts';
import { AppError } from '../../domain/errors.ts';
import { isRequester } from '../../domain/policies.ts';
import type { Actor } from '../../domain/users.ts';
import type { DetailFormState } from '../components/detail-form.ts';
import { fieldErrors, optional, readForm, reportMissing } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { ReferralDetailPage } from '../pages/referral-detail.tsx';
import { withActor } from './require-actor.ts';

/** What the page says after each successful action (`?fait=`), never text taken from the address. */
const notices = {
  envoyee: 'La demande a été envoyée aux établissements choisis.',
  choix: 'Votre choix est enregistré. Les autres établissements sont prévenus que leur demande est annulée.',
  annulee: 'La demande est annulée. Les établissements concernés sont prévenus.',
  accord: 'Votre accord est enregistré. Le demandeur est prévenu.',
  refus: 'Votre refus est enregistré. Le demandeur est prévenu.',
  admission: 'L’admission est confirmée : la demande est close.',
} as const;
type Notice = keyof typeof notices;

/** One action of the case page: which form it is, how its fields are checked, which service it calls. */
interface PageCommand<Body> {
  form: DetailFormState['form'];
  required: readonly string[];
  optional?: readonly string[];
  /** Messages for required fields left empty, instead of the schema's format messages. */
  missing?: Record<string, string>;
  schema: z.ZodType<Body>;
  run: (actor: Actor, caseId: string, taskId: string, body: Body) => Promise<unknown>;
  notice: Notice;
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

  async function render(
    c: Context<AppEnv>,
    actor: Actor,
    caseId: string,
    outcome: { notice?: string; error?: AppError; state?: DetailFormState } = {},
  ) {
    const referral = await loadReferralDetail(deps.db, actor, caseId);
    const invalid = outcome.state && Object.keys(outcome.state.errors).length > 0;
    const status = outcome.error ? outcome.error.status : invalid ? 422 : 200;
    return c.html(
      <ReferralDetailPage
        frame={pageFrame(c, deps)}
        referral={referral}
        asRequester={isRequester(actor, { requesterId: referral.requester.id })}
        notice={outcome.notice}
        error={outcome.error}
        state={outcome.state}
      />,
      status as ContentfulStatusCode,
    );
  }

  /** POST, then redirect to the case page; a refusal shows the page again with the form as typed. */
  function action<Body>(path: string, command: PageCommand<Body>) {
    web.post(path, (c) =>
      withActor(c, deps, async (actor) => {
        const { caseId, taskId } = routeTarget(c);

        const form = await readForm(c);
        const values: Record<string, string> = {};
        const body: Record<string, string | undefined> = {};
        for (const name of command.required) {
          values[name] = form.text(name);
          body[name] = values[name];
        }
        for (const name of command.optional ?? []) {
          values[name] = form.text(name);
          body[name] = optional(values[name]);
        }
        const state = (errors: DetailFormState['errors']): DetailFormState => ({
          form: command.form,
          taskId,
          values,
          errors,
        });

        const parsed = command.schema.safeParse(body);
        if (!parsed.success) {
          const missing = Object.entries(command.missing ?? {}).map(
            ([name, message]) => [name, values[name], message] as const,
          );
          return render(c, actor, caseId, { state: state(reportMissing(fieldErrors(parsed.error), missing)) });
        }
        try {
          await command.run(actor, caseId, taskId ?? '', parsed.data);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return render(c, actor, caseId, { error, state: state({}) });
        }
        return c.redirect(`/demandes/${caseId}?fait=${command.notice}`, 303);
      }),
    );
  }

  web.get('/demandes/:id', (c) =>
    withActor(c, deps, (actor) => {
      const { caseId } = routeTarget(c);
      const done = c.req.query('fait');
      const notice = done && Object.hasOwn(notices, done) ? notices[done as Notice] : undefined;
      return render(c, actor, caseId, notice ? { notice } : {});
    }),
  );

  action('/demandes/:id/choisir', {
    form: 'choose',
    required: ['taskId'],
    schema: chooseBody,
    run: (actor, caseId, _taskId, body) => runCommand(deps, actor, caseId, { type: 'choose', ...body }),
    notice: 'choix',
  });
  action('/demandes/:id/annuler', {
    form: 'cancel',
    required: ['reason'],
    schema: cancelBody,
    run: (actor, caseId, _taskId, body) => runCommand(deps, actor, caseId, { type: 'cancel', ...body }),
    notice: 'annulee',
  });
  action('/demandes/:id/taches/:taskId/accepter', {
    form: 'accept',
    required: ['proposedEntryDate'],
    optional: ['comment'],
    missing: { proposedEntryDate: 'Indiquez la date d’entrée proposée.' },
    schema: acceptBody,
    run: (actor, caseId, taskId, body) => runCommand(deps, actor, caseId, { type: 'accept', taskId, ...body }),
    notice: 'accord',
  });
  action('/demandes/:id/taches/:taskId/refuser', {
    form: 'refuse',
    required: ['reasonCode'],
    optional: ['comment'],
    missing: { reasonCode: 'Choisissez un motif de refus.' },
    schema: refuseBody,
    run: (actor, caseId, taskId, body) => runCommand(deps, actor, caseId, { type: 'refuse', taskId, ...body }),
    notice: 'refus',
  });
  action('/demandes/:id/taches/:taskId/confirmer-admission', {
    form: 'confirmAdmission',
    required: [],
    schema: z.object({}),
    run: (actor, caseId, taskId) => runCommand(deps, actor, caseId, { type: 'confirmAdmission', taskId }),
    notice: 'admission',
  });

  return web;
}
