import type { ReferralDetail } from '../../api/referrals/views.ts';
import { shiftDay, todayInParis } from '../../domain/calendar/days.ts';
import { takeChargeMaxDays } from '../../domain/referral/commands.ts';
import { formatCalendarDate, formatDateTime } from './dates.ts';
import { Disclosure, InputField, SelectField, TextareaField } from './fields.tsx';

/** The coordination forms of a case (list and case page alike). */
export type CoordinationFormName = 'remind' | 'addNote' | 'escalate' | 'suggestFacilities' | 'takeCharge';

/** Where each coordination form posts, under /coordination/demandes/:id/. */
export const coordinationPaths: Record<CoordinationFormName, string> = {
  remind: 'relance',
  addNote: 'note',
  escalate: 'message',
  suggestFacilities: 'suggestion',
  takeCharge: 'prise-en-charge',
};

/** A coordination form refused by its checks: shown again, open, with what was typed and the message. */
export interface CoordinationFormState {
  caseId: string;
  form: CoordinationFormName;
  values: Record<string, string>;
  error: string;
}

function stateOf(state: CoordinationFormState | undefined, caseId: string, form: CoordinationFormName) {
  return state && state.caseId === caseId && state.form === form ? state : undefined;
}

function actionOf(caseId: string, form: CoordinationFormName): string {
  return `/coordination/demandes/${caseId}/${coordinationPaths[form]}`;
}

/** « Relancer maintenant »: the party a stalled mark waits for gets one reminder a day, through their outbox. */
export function RemindForm(props: {
  caseId: string;
  recipients: string;
  remindedToday: boolean;
  back: string;
  state?: CoordinationFormState | undefined;
}) {
  const state = stateOf(props.state, props.caseId, 'remind');
  return (
    <Disclosure title="Relancer maintenant" open={state !== undefined}>
      {props.remindedToday ? (
        <p class="fr-text--sm">
          Une relance a déjà été envoyée aujourd’hui pour ce dossier : la prochaine est possible demain.
        </p>
      ) : (
        <form method="post" action={actionOf(props.caseId, 'remind')} novalidate>
          <input type="hidden" name="retour" value={props.back} />
          <TextareaField
            id={`relance-${props.caseId}`}
            name="message"
            label="Message de relance (facultatif)"
            hint={`Envoyé à : ${props.recipients}. Une relance par jour au plus.`}
            value={state?.values.message}
            error={state?.error}
            rows={3}
          />
          <button type="submit" class="fr-btn fr-btn--sm fr-icon-mail-line fr-btn--icon-left">
            Envoyer la relance
          </button>
        </form>
      )}
    </Disclosure>
  );
}

/** « Pris en charge » until a Paris day: out of the default list until then, back after if still stalled. */
export function TakeChargeForm(props: {
  caseId: string;
  until: string | null;
  back: string;
  state?: CoordinationFormState | undefined;
}) {
  const state = stateOf(props.state, props.caseId, 'takeCharge');
  const today = todayInParis();
  return (
    <Disclosure title="Marquer « pris en charge »" open={state !== undefined}>
      <form method="post" action={actionOf(props.caseId, 'takeCharge')} novalidate>
        <input type="hidden" name="retour" value={props.back} />
        <InputField
          id={`prise-en-charge-${props.caseId}`}
          name="until"
          type="date"
          label="Pris en charge jusqu’au"
          hint={`Le dossier quitte la liste « à traiter » jusqu’à cette date incluse, et y revient ensuite s’il est toujours en retard${props.until ? ` (actuellement : jusqu’au ${formatCalendarDate(props.until)})` : ''}.`}
          min={today}
          max={shiftDay(today, takeChargeMaxDays)}
          value={state?.values.until ?? shiftDay(today, 7)}
          error={state?.error}
          required
        />
        <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
          Marquer « pris en charge »
        </button>
      </form>
    </Disclosure>
  );
}

/**
 * The coordination's panel on a case page, for the territory's coordinators only: where the case
 * stands for them, their actions, and their journal (notes included, which nobody else reads).
 */
export function CoordinationPanel(props: {
  referral: ReferralDetail;
  /** Facilities of the case's kind in its département, not addressed yet: what may be suggested. */
  suggestable: { id: string; name: string }[];
  state?: CoordinationFormState | undefined;
}) {
  const { referral } = props;
  const coordination = referral.coordination;
  if (!coordination) return null;
  const caseId = referral.id;
  const back = `/demandes/${caseId}`;
  const today = todayInParis();
  const stalled = referral.stalled.length > 0;
  const open = referral.status === 'sent' || referral.status === 'facility_chosen';
  const recipients = [
    ...new Set(
      referral.stalled.map((mark) => {
        const task = referral.tasks.find((candidate) => candidate.id === mark.taskId);
        return mark.party === 'facility' && task ? `${mark.partyLabel} — ${task.facility.name}` : 'Demandeur';
      }),
    ),
  ].join(', ');
  const note = stateOf(props.state, caseId, 'addNote');
  const escalation = stateOf(props.state, caseId, 'escalate');
  const suggestion = stateOf(props.state, caseId, 'suggestFacilities');
  return (
    <section aria-labelledby="coordination" class="fr-mb-6w">
      <h2 id="coordination">Suivi de la coordination</h2>
      <p>
        {coordination.takenInChargeUntil && coordination.takenInChargeUntil >= today
          ? `Pris en charge${coordination.takenInChargeBy ? ` par ${coordination.takenInChargeBy}` : ''} jusqu’au ${formatCalendarDate(coordination.takenInChargeUntil)}.`
          : 'Ce dossier n’est pris en charge par aucun coordinateur.'}
        {coordination.remindedOn ? ` Dernière relance le ${formatCalendarDate(coordination.remindedOn)}.` : ''}
      </p>
      {open ? (
        <>
          {stalled ? (
            <>
              <RemindForm
                caseId={caseId}
                recipients={recipients}
                remindedToday={coordination.remindedOn === today}
                back={back}
                state={props.state}
              />
              <TakeChargeForm caseId={caseId} until={coordination.takenInChargeUntil} back={back} state={props.state} />
            </>
          ) : null}
          <Disclosure title="Ajouter une note pour la coordination" open={note !== undefined}>
            <form method="post" action={actionOf(caseId, 'addNote')} novalidate>
              <input type="hidden" name="retour" value={back} />
              <TextareaField
                id={`note-${caseId}`}
                name="note"
                label="Note"
                hint="Lue par les seuls coordinateurs du territoire : ni les établissements ni le demandeur ne la voient."
                value={note?.values.note}
                error={note?.error}
                required
              />
              <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                Ajouter la note
              </button>
            </form>
          </Disclosure>
          <Disclosure title="Écrire au demandeur" open={escalation !== undefined}>
            <form method="post" action={actionOf(caseId, 'escalate')} novalidate>
              <input type="hidden" name="retour" value={back} />
              <TextareaField
                id={`message-${caseId}`}
                name="message"
                label="Message au demandeur"
                hint="Envoyé au demandeur par la messagerie de la plateforme, et inscrit au dossier."
                value={escalation?.values.message}
                error={escalation?.error}
                required
              />
              <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                Envoyer le message
              </button>
            </form>
          </Disclosure>
          {referral.status === 'sent' ? (
            <Disclosure title="Suggérer un établissement au demandeur" open={suggestion !== undefined}>
              {props.suggestable.length === 0 ? (
                <p class="fr-text--sm">Aucun autre établissement de ce type dans le département.</p>
              ) : (
                <form method="post" action={actionOf(caseId, 'suggestFacilities')} novalidate>
                  <input type="hidden" name="retour" value={back} />
                  <SelectField
                    id={`suggestion-${caseId}`}
                    name="facilityIds"
                    label="Établissement à suggérer"
                    hint="Le demandeur le voit sur la page de sa demande et l’ajoute en un clic."
                    placeholder="Choisissez un établissement"
                    options={props.suggestable.map((facility) => ({ value: facility.id, label: facility.name }))}
                    value={suggestion?.values.facilityIds}
                    error={suggestion?.error}
                    required
                  />
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                    Suggérer
                  </button>
                </form>
              )}
            </Disclosure>
          ) : null}
        </>
      ) : null}
      {coordination.suggestions.length > 0 ? (
        <p class="fr-mt-2w">
          Suggéré au demandeur : {coordination.suggestions.map((facility) => facility.facilityName).join(', ')}.
        </p>
      ) : null}
      <h3 class="fr-h6 fr-mt-4w">Journal de la coordination</h3>
      {coordination.journal.length === 0 ? (
        <p>Aucune action de la coordination sur ce dossier.</p>
      ) : (
        <ol class="fr-mb-0">
          {coordination.journal.map((entry) => (
            <li>
              <time datetime={entry.at}>{formatDateTime(entry.at)}</time> — <strong>{entry.label}</strong>
              {entry.authorName ? ` (${entry.authorName})` : ''}
              {entry.data.until ? ` jusqu’au ${formatCalendarDate(entry.data.until)}` : ''}
              {entry.data.facilityNames ? ` : ${entry.data.facilityNames}` : ''}
              {entry.text ? (
                <blockquote class="fr-text--sm fr-mb-1w">
                  <p>{entry.text}</p>
                </blockquote>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The requester's side: facilities the territory's coordination suggested, each added in one click. */
export function SuggestedFacilitiesPanel(props: { referral: ReferralDetail }) {
  const { referral } = props;
  const suggestions = referral.coordination?.suggestions ?? [];
  if (referral.status !== 'sent' || suggestions.length === 0) return null;
  return (
    <section aria-labelledby="suggestions" class="fr-callout fr-mb-6w">
      <h2 id="suggestions" class="fr-callout__title fr-h5">
        Établissements suggérés par la coordination du territoire
      </h2>
      <ul class="fr-callout__text fr-text--md">
        {suggestions.map((facility) => (
          <li>
            <form method="post" action={`/demandes/${referral.id}/etablissements`} class="fr-mb-1w">
              <input type="hidden" name="facilityIds" value={facility.facilityId} />
              <input type="hidden" name="wave" value="1" />
              {facility.facilityName}{' '}
              <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary fr-icon-add-line fr-btn--icon-left">
                Ajouter à la demande<span class="fr-sr-only"> : {facility.facilityName}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  );
}
