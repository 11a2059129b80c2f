import type { ReferralDetail } from '../../api/referrals/views.ts';
import { canApply } from '../../domain/referral/facility-task.ts';
import { isReferralClosed } from '../../domain/referral/state.ts';
import { confirmAttributes } from './confirmation.tsx';
import { formatDateTime, formatDeadline } from './dates.ts';
import { type DetailFormState, stateFor } from './detail-form.ts';
import {
  type FacilityChoices,
  FacilityCount,
  type FacilitySearch,
  FacilitySearchFields,
  FacilitySearchHiddenFields,
  facilityChoiceHint,
} from './facility-search.tsx';
import { ChoiceFieldset, Disclosure, InputField, TextareaField } from './fields.tsx';
import { StalledBadge, TaskStatusBadge } from './status-badge.tsx';
import { TaskAnswer } from './task-answer.tsx';

type Task = ReferralDetail['tasks'][number];

/** A draft goes nowhere until it is sent; sending needs a complete dossier. */
export function SendDraftPanel(props: { referral: ReferralDetail }) {
  const { referral } = props;
  if (referral.status !== 'draft') return null;
  const complete = referral.dossier.missingParts.length === 0;
  return (
    <section aria-labelledby="envoi" class="fr-callout fr-mb-6w">
      <h2 id="envoi" class="fr-callout__title fr-h5">
        Brouillon : la demande n’est pas encore envoyée
      </h2>
      {complete ? (
        <>
          <p class="fr-callout__text fr-text--md">
            Le dossier est complet. À l’envoi, chaque établissement de la première vague reçoit la demande.
          </p>
          <form method="post" action={`/demandes/${referral.id}/envoyer`}>
            <button type="submit" class="fr-btn fr-icon-send-plane-line fr-btn--icon-left">
              Envoyer la demande
            </button>
          </form>
        </>
      ) : (
        <p class="fr-callout__text fr-text--md">
          Complétez le dossier (ci-dessous) : l’envoi sera possible une fois toutes les parties renseignées.
        </p>
      )}
    </section>
  );
}

/** What happens next and when: the next deadline of the case, and the planned second wave. */
export function DeadlinesPanel(props: { referral: ReferralDetail }) {
  const { referral } = props;
  const secondWave = referral.tasks.filter((task) => task.wave === 2);
  const waiting = secondWave.filter((task) => task.status === 'planned');
  const lines: string[] = [];
  if (referral.nextDeadlineAt)
    lines.push(
      `Prochaine échéance, le ${formatDeadline(referral.nextDeadlineAt)} : ${(referral.nextDeadlineLabel ?? 'étape automatique de la demande').toLowerCase()}. ` +
        'Si rien ne change d’ici là, Parcours agit seul à cette date (relance, signalement du retard, envoi de la deuxième vague ou libération d’une place).',
    );
  if (secondWave.length > 0) {
    if (waiting.length === 0) lines.push('Deuxième vague : envoyée.');
    else if (referral.secondWaveSendAt)
      lines.push(
        `Deuxième vague (${waiting.length} établissement${waiting.length > 1 ? 's' : ''}) : envoi automatique le ${formatDateTime(referral.secondWaveSendAt)} si aucun établissement n’a donné son accord d’ici là.`,
      );
    else if (referral.status === 'draft')
      lines.push(
        `Deuxième vague prévue (${waiting.length} établissement${waiting.length > 1 ? 's' : ''}) : elle partira si aucun accord n’arrive dans le délai choisi après l’envoi.`,
      );
    else lines.push('Deuxième vague : pas d’envoi prévu (un établissement a donné son accord).');
  }
  if (lines.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-4w">
      {lines.map((line) => (
        <p>{line}</p>
      ))}
    </div>
  );
}

/** Information asked by facilities and not answered yet: one form each. */
export function InfoRequestForms(props: { referral: ReferralDetail; state?: DetailFormState | undefined }) {
  const { referral } = props;
  const pending = referral.tasks.filter((task) => task.status === 'info_requested' && task.infoRequest?.answer == null);
  if (pending.length === 0) return null;
  return (
    <>
      {pending.map((task) => {
        const { values, errors } = stateFor(props.state, 'answerInfo', task.id);
        const id = `reponse-${task.id}`;
        return (
          <section aria-labelledby={`${id}-titre`} class="fr-callout fr-callout--yellow-tournesol fr-mb-4w">
            <h2 id={`${id}-titre`} class="fr-callout__title fr-h5">
              {task.facility.name} demande des informations
            </h2>
            <p class="fr-callout__text fr-text--md pc-quote">{task.infoRequest?.question}</p>
            <p class="fr-text--sm fr-mb-3w">
              Question posée le {task.infoRequest ? formatDateTime(task.infoRequest.askedAt) : ''}. Le délai de réponse
              de l’établissement est suspendu jusqu’à votre réponse.
            </p>
            <form method="post" action={`/demandes/${referral.id}/taches/${task.id}/repondre`} novalidate>
              <TextareaField
                id={id}
                name="answer"
                label="Votre réponse"
                hint={`Elle est transmise à ${task.facility.name}. Si le dossier doit changer, complétez-le aussi.`}
                value={values.answer}
                error={errors.answer}
                rows={4}
                required
              />
              <button type="submit" class="fr-btn fr-icon-send-plane-line fr-btn--icon-left">
                Envoyer la réponse<span class="fr-sr-only"> à {task.facility.name}</span>
              </button>
            </form>
          </section>
        );
      })}
    </>
  );
}

function TaskActions(props: { referral: ReferralDetail; task: Task }) {
  const { referral, task } = props;
  const open = !isReferralClosed(referral.status);
  const choosing = referral.status === 'sent' && task.status === 'accepted';
  const withdrawing = open && referral.status !== 'draft' && canApply('withdraw', task.status);
  if (!choosing && !withdrawing) return null;
  return (
    <div class="pc-actions">
      {choosing ? (
        <form
          method="post"
          action={`/demandes/${referral.id}/choisir`}
          {...confirmAttributes('choose', task.facility.name)}
        >
          <input type="hidden" name="taskId" value={task.id} />
          <button type="submit" class="fr-btn fr-btn--sm">
            Choisir cet établissement<span class="fr-sr-only"> : {task.facility.name}</span>
          </button>
        </form>
      ) : null}
      {withdrawing ? (
        <form
          method="post"
          action={`/demandes/${referral.id}/taches/${task.id}/retirer`}
          {...confirmAttributes('withdraw', task.facility.name)}
        >
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
            Retirer la demande<span class="fr-sr-only"> adressée à {task.facility.name}</span>
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** One block per facility rather than a table: the answer and the actions stay readable on a phone. */
function TaskList(props: { referral: ReferralDetail; tasks: Task[] }) {
  const { referral } = props;
  const stalledTasks = new Set(referral.stalled.map((mark) => mark.taskId));
  return (
    <ul class="pc-tasks">
      {props.tasks.map((task) => (
        <li class="pc-task">
          <div class="pc-task__head">
            <p class="fr-mb-0">
              <strong>{task.facility.name}</strong>
              <span class="fr-text--sm"> · {task.facility.commune}</span>
            </p>
            <p class="fr-mb-0">
              <TaskStatusBadge status={task.status} label={task.statusLabel} />
              {stalledTasks.has(task.id) ? (
                <>
                  {' '}
                  <StalledBadge />
                </>
              ) : null}
            </p>
          </div>
          <TaskAnswer task={task} small currentDossierVersion={referral.dossier.version} />
          <TaskActions referral={referral} task={task} />
        </li>
      ))}
    </ul>
  );
}

/** The requester's view of a case: every facility's answer, wave by wave, and what can be done with each. */
export function RequesterTasks(props: { referral: ReferralDetail }) {
  const { referral } = props;
  const first = referral.tasks.filter((task) => task.wave !== 2);
  const second = referral.tasks.filter((task) => task.wave === 2);
  return (
    <section aria-labelledby="etablissements" class="fr-mb-6w">
      <h2 id="etablissements" class="fr-h4">
        Établissements sollicités
      </h2>
      {second.length === 0 ? (
        <TaskList referral={referral} tasks={first} />
      ) : (
        <>
          <h3 class="fr-h6">Première vague</h3>
          <TaskList referral={referral} tasks={first} />
          <h3 class="fr-h6">Deuxième vague</h3>
          <TaskList referral={referral} tasks={second} />
        </>
      )}
    </section>
  );
}

/** More facilities of the same kind: sent at once (or with the second wave while it is still to come). */
export function AddFacilitiesForm(props: {
  referral: ReferralDetail;
  /** Facilities of the directory not addressed yet, found with `search`. */
  choices: FacilityChoices;
  search: FacilitySearch;
  state?: DetailFormState | undefined;
}) {
  const { referral, search } = props;
  if (referral.status !== 'draft' && referral.status !== 'sent') return null;
  const { values, errors, submitted } = stateFor(props.state, 'addFacilities');
  const searched = search.departement !== '' || search.text !== '' || search.commune !== '';
  const secondWavePending = referral.tasks.some((task) => task.wave === 2 && task.status === 'planned');
  return (
    <section aria-labelledby="ajout" class="fr-mb-6w">
      <h2 id="ajout" class="fr-sr-only">
        Ajouter des établissements
      </h2>
      <Disclosure title="Ajouter des établissements à la demande" open={submitted || searched}>
        <form method="get" action={`/demandes/${referral.id}#ajout`} class="fr-mb-3w">
          <FacilitySearchFields idPrefix="ajout" search={search} choices={props.choices} />
          <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary fr-icon-search-line fr-btn--icon-left">
            Rechercher
          </button>
        </form>
        <FacilityCount choices={props.choices} search={search} />
        {props.choices.facilities.length > 0 ? (
          <form method="post" action={`/demandes/${referral.id}/etablissements`} novalidate>
            <FacilitySearchHiddenFields search={search} choices={props.choices} />
            <ChoiceFieldset
              id="ajout-etablissements"
              name="facilityIds"
              type="checkbox"
              legend="Établissements à ajouter"
              hint={
                referral.status === 'sent'
                  ? 'Les établissements de la première vague reçoivent la demande dès l’ajout.'
                  : 'Ils recevront la demande à l’envoi.'
              }
              options={props.choices.facilities.map((facility) => ({
                value: facility.id,
                label: facility.name,
                hint: facilityChoiceHint(facility),
              }))}
              checked={(values.facilityIds ?? '').split(',')}
              error={errors.facilityIds}
            />
            {secondWavePending ? (
              <ChoiceFieldset
                id="ajout-vague"
                name="wave"
                type="radio"
                inline
                legend="Vague"
                options={[
                  { value: '1', label: 'Première vague (maintenant)' },
                  { value: '2', label: 'Deuxième vague' },
                ]}
                checked={[values.wave || '1']}
                error={errors.wave}
              />
            ) : null}
            <button type="submit" class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left">
              Ajouter ces établissements
            </button>
          </form>
        ) : null}
      </Disclosure>
    </section>
  );
}

/** Cancelling withdraws every open request; closed cases have nothing left to cancel. */
export function CancelReferralForm(props: { referral: ReferralDetail; state?: DetailFormState | undefined }) {
  if (isReferralClosed(props.referral.status)) return null;
  const { values, errors, submitted } = stateFor(props.state, 'cancel');
  return (
    <section aria-labelledby="annuler" class="fr-mt-6w">
      <h2 id="annuler" class="fr-sr-only">
        Annuler la demande
      </h2>
      <Disclosure title="Annuler la demande" open={submitted}>
        <p>Les établissements qui n’ont pas encore répondu ou qui ont donné leur accord seront prévenus.</p>
        <form
          method="post"
          action={`/demandes/${props.referral.id}/annuler`}
          novalidate
          {...confirmAttributes('cancel')}
        >
          <TextareaField
            id="reason"
            name="reason"
            label="Motif de l’annulation"
            hint="Par exemple : retour à domicile, hospitalisation prolongée, décès"
            value={values.reason}
            error={errors.reason}
            required
          />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Annuler la demande
          </button>
        </form>
      </Disclosure>
    </section>
  );
}

/**
 * A physician's own request: the family may follow it with their own account (they see each
 * facility's answer, never the medical part, and may choose); the physician stays its requester.
 */
export function InviteFamilyForm(props: { referral: ReferralDetail; state?: DetailFormState | undefined }) {
  const { referral } = props;
  if (referral.origin === 'family' || isReferralClosed(referral.status)) return null;
  const { values, errors, submitted } = stateFor(props.state, 'inviteFamily');
  return (
    <section aria-labelledby="inviter-famille" class="fr-mt-6w">
      <h2 id="inviter-famille" class="fr-sr-only">
        Inviter la famille
      </h2>
      <Disclosure title="Inviter la famille à suivre la demande" open={submitted}>
        <p>
          Le proche reçoit un lien par e-mail et suit, avec son compte de l’espace particulier, la réponse de chaque
          établissement ; il peut choisir parmi les accords. Il ne voit jamais le volet médical. Vous restez le
          demandeur.
        </p>
        <form method="post" action={`/demandes/${referral.id}/inviter-famille`} novalidate>
          <InputField
            id="family-email"
            name="email"
            type="email"
            label="Adresse e-mail du proche"
            autocomplete="off"
            value={values.email}
            error={errors.email}
            required
          />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Envoyer l’invitation
          </button>
        </form>
      </Disclosure>
    </section>
  );
}
