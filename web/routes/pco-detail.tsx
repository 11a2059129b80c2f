import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { AppEnv } from '../../api/env.ts';
import { orientationParams } from '../../api/pco/schemas.ts';
import {
  loadOrientation,
  type OrientationDetail,
  type PcoPersonCommand,
  runPcoCommand,
} from '../../api/pco/service.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { pcoCommands } from '../../domain/pco/commands.ts';
import { canGivePcoCommand, worksForPlatform } from '../../domain/pco/policies.ts';
import { todayInParis } from '../components/dates.ts';
import {
  type FieldErrors,
  fieldErrors,
  optional,
  readForm,
  reportMissing,
  type SubmittedForm,
} from '../components/form-data.ts';
import { parseEurosToCents } from '../components/money.ts';
import type { PcoFormName, PcoFormState } from '../components/pco-form-state.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { type PcoAbilities, PcoDetailPage } from '../pages/pco-detail.tsx';
import { withActor } from './require-actor.ts';

/** What the page says after each successful action (`?fait=`), never text taken from the address. */
const notices = {
  orientee:
    'L’orientation est adressée à la plateforme du département. Son médecin dispose de 15 jours pour valider la prescription.',
  validee: 'La prescription est validée. Le médecin prescripteur en est informé.',
  refusee: 'La prescription n’est pas validée. Le médecin prescripteur est informé du motif.',
  soin: 'Le bilan ou l’intervention est enregistré.',
  synthese: 'La réunion de synthèse est enregistrée.',
  renouvellement: 'La décision de renouvellement est enregistrée.',
  cloture: 'Le parcours est clos. Le médecin prescripteur en est informé.',
  retrait: 'Le retrait de la famille est enregistré : le parcours est clos.',
} as const;
type Notice = keyof typeof notices;

/** One action of the orientation page: how its form is read and checked, and which command it gives. */
interface PcoPageCommand<Body> {
  form: PcoFormName;
  /** The values to show again (text fields and checkbox lists) and the body to check. */
  read: (form: SubmittedForm) => { values: Record<string, string>; lists?: Record<string, string[]>; body: unknown };
  /** Messages for required fields left empty, instead of the schema's format messages. */
  missing?: Record<string, string>;
  schema: z.ZodType<Body, unknown>;
  command: (body: Body, values: Record<string, string>) => PcoPersonCommand;
  notice: Notice;
}

function caseIdOf(c: Context<AppEnv>): string {
  const params = orientationParams.safeParse({ id: c.req.param('id') });
  if (!params.success) throw new AppError('pco.not_found');
  return params.data.id;
}

const isOpen = (orientation: OrientationDetail) =>
  orientation.status === 'submitted' || orientation.status === 'validated' || orientation.status === 'in_progress';

/** The forms the acting person may use on this orientation now, from the domain's policies. */
function abilitiesOf(actor: Actor, orientation: OrientationDetail): PcoAbilities {
  const target = { requesterId: orientation.requester.id, platformId: orientation.platform.id };
  const may = (command: Parameters<typeof canGivePcoCommand>[2]) =>
    isOpen(orientation) && canGivePcoCommand(actor, target, command);
  const member = worksForPlatform(actor, orientation.platform.id);
  const started = orientation.validatedAt !== null;
  const renewalDecided = orientation.renewed || orientation.timeline.some((event) => event.type === 'pco.not_renewed');
  const care = { type: 'recordCare', actorId: actor.id } as const;
  return {
    platformMember: member,
    decide:
      orientation.status === 'submitted' &&
      may({ type: 'validate', actorId: actor.id, setting: 'platform', professions: [] }),
    recordCare:
      started &&
      may({
        ...care,
        id: '',
        kind: 'assessment',
        profession: 'psychologue',
        date: '',
        amountCents: 0,
        provider: 'platform',
      }),
    recordSynthesis:
      (orientation.firstAssessmentAt !== null || orientation.firstInterventionAt !== null) &&
      may({ type: 'recordSynthesis', actorId: actor.id, date: '' }),
    decideRenewal: started && !renewalDecided && may({ type: 'decideRenewal', actorId: actor.id, renew: true }),
    // Before validation, the platform's answer is the doctor's decision, not a closure.
    close: member && started && may({ type: 'close', actorId: actor.id, outcome: 'no_disorder' }),
    // The prescribing physician's only command; a platform member closes with an outcome instead.
    withdraw:
      !member &&
      actor.id === orientation.requester.id &&
      may({ type: 'close', actorId: actor.id, outcome: 'family_withdrawal' }),
  };
}

/** The orientation page, for the prescribing physician and the receiving platform, and every action on it. */
export function pcoDetailRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  async function render(
    c: Context<AppEnv>,
    actor: Actor,
    caseId: string,
    outcome: { notice?: string; error?: AppError; state?: PcoFormState } = {},
  ) {
    const orientation = await loadOrientation(deps.db, actor, caseId, todayInParis(), c.get('clientIp'));
    const invalid = outcome.state && Object.keys(outcome.state.errors).length > 0;
    const status = outcome.error ? outcome.error.status : invalid ? 422 : 200;
    return c.html(
      <PcoDetailPage
        frame={pageFrame(c, deps)}
        orientation={orientation}
        abilities={abilitiesOf(actor, orientation)}
        careId={randomUUID()}
        notice={outcome.notice}
        error={outcome.error}
        state={outcome.state}
      />,
      status as ContentfulStatusCode,
    );
  }

  /** POST, then redirect to the orientation page; a refusal shows the page again with the form as typed. */
  function action<Body>(path: string, command: PcoPageCommand<Body>) {
    web.post(`/pco/:id/${path}`, (c) =>
      withActor(c, async (actor) => {
        const caseId = caseIdOf(c);
        const { values, lists = {}, body } = command.read(await readForm(c));
        const state = (errors: FieldErrors): PcoFormState => ({ form: command.form, values, lists, errors });
        const parsed = command.schema.safeParse(body);
        if (!parsed.success) {
          const missing = Object.entries(command.missing ?? {}).map(
            ([name, message]) => [name, values[name], message] as const,
          );
          return render(c, actor, caseId, { state: state(reportMissing(fieldErrors(parsed.error), missing)) });
        }
        try {
          await runPcoCommand(deps, actor, caseId, command.command(parsed.data, values));
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return render(c, actor, caseId, { error, state: state({}) });
        }
        return c.redirect(`/pco/${caseId}?fait=${command.notice}`, 303);
      }),
    );
  }

  web.get('/pco/:id', (c) =>
    withActor(c, (actor) => {
      const caseId = caseIdOf(c);
      const done = c.req.query('fait');
      const notice = done && Object.hasOwn(notices, done) ? notices[done as Notice] : undefined;
      return render(c, actor, caseId, notice ? { notice } : {});
    }),
  );

  // ── The platform's doctor ──
  action('valider', {
    form: 'validate',
    read: (form) => {
      const values = { setting: form.text('setting') };
      const professions = form.texts('professions');
      return { values, lists: { professions }, body: { setting: values.setting, professions } };
    },
    missing: { setting: 'Choisissez la modalité des bilans et interventions.' },
    schema: pcoCommands.validate.payload,
    command: (body) => ({ type: 'validate', ...body }),
    notice: 'validee',
  });
  action('refuser', {
    form: 'refuse',
    read: (form) => {
      const values = { reason: form.text('reason'), comment: form.text('comment') };
      return { values, body: { reason: values.reason, comment: optional(values.comment) } };
    },
    missing: { reason: 'Choisissez le motif.' },
    schema: pcoCommands.refuse.payload,
    command: (body) => ({ type: 'refuse', ...body }),
    notice: 'refusee',
  });

  // ── The platform's team ──
  action('soins', {
    form: 'care',
    read: (form) => {
      const typedId = z.uuid().safeParse(form.text('careId'));
      const values = {
        careId: typedId.success ? typedId.data : randomUUID(),
        kind: form.text('kind'),
        profession: form.text('profession'),
        date: form.text('date'),
        amount: form.text('amount'),
        provider: form.text('provider'),
        acceptBeyondPackage: form.text('acceptBeyondPackage'),
      };
      return {
        values,
        body: {
          kind: values.kind,
          profession: values.profession,
          date: values.date,
          amount: parseEurosToCents(values.amount) ?? values.amount,
          provider: values.provider,
          acceptBeyondPackage: values.acceptBeyondPackage === 'oui',
        },
      };
    },
    missing: {
      kind: 'Indiquez s’il s’agit d’un bilan ou d’une intervention.',
      profession: 'Choisissez le professionnel.',
      date: 'Indiquez la date.',
      amount: 'Indiquez le montant en euros.',
      provider: 'Indiquez qui a réalisé le bilan ou l’intervention.',
    },
    // The amount is typed in euros: it is checked once it reads as cents.
    schema: pcoCommands.recordCare.payload.omit({ amountCents: true }).extend({
      amount: z
        .number({ message: 'Montant attendu en euros, par exemple 120 ou 120,50.' })
        .pipe(pcoCommands.recordCare.payload.shape.amountCents),
    }),
    command: ({ amount, ...body }, values) => ({
      type: 'recordCare',
      id: values.careId ?? randomUUID(),
      amountCents: amount,
      ...body,
    }),
    notice: 'soin',
  });
  action('synthese', {
    form: 'synthesis',
    read: (form) => {
      const values = { date: form.text('date') };
      return { values, body: values };
    },
    missing: { date: 'Indiquez la date de la réunion.' },
    schema: pcoCommands.recordSynthesis.payload,
    command: (body) => ({ type: 'recordSynthesis', ...body }),
    notice: 'synthese',
  });
  action('renouvellement', {
    form: 'renewal',
    read: (form) => {
      const values = { renew: form.text('renew') };
      return { values, body: { renew: values.renew === 'oui' ? true : values.renew === 'non' ? false : undefined } };
    },
    missing: { renew: 'Choisissez de renouveler ou non le parcours.' },
    schema: pcoCommands.decideRenewal.payload,
    command: (body) => ({ type: 'decideRenewal', ...body }),
    notice: 'renouvellement',
  });
  action('cloture', {
    form: 'close',
    read: (form) => {
      const values = { outcome: form.text('outcome'), comment: form.text('comment') };
      return { values, body: { outcome: values.outcome, comment: optional(values.comment) } };
    },
    missing: { outcome: 'Choisissez l’issue du parcours.' },
    schema: pcoCommands.close.payload,
    command: (body) => ({ type: 'close', ...body }),
    notice: 'cloture',
  });

  // ── The prescribing physician ──
  action('retrait', {
    form: 'withdrawal',
    read: (form) => {
      const values = { comment: form.text('comment') };
      return { values, body: { outcome: 'family_withdrawal', comment: optional(values.comment) } };
    },
    schema: pcoCommands.close.payload,
    command: (body) => ({ type: 'close', ...body }),
    notice: 'retrait',
  });

  return web;
}
