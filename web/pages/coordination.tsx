import type { StalledCase } from '../../api/coordination/stalled-cases.ts';
import type { AppError } from '../../domain/errors.ts';
import { ErrorAlert, SuccessAlert } from '../components/alerts.tsx';
import { DataTable } from '../components/data-table.tsx';
import { formatDateTime, formatDeadline } from '../components/dates.ts';
import { Disclosure, SelectField, TextareaField } from '../components/fields.tsx';
import { StalledBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

const typeLabels: Record<StalledCase['type'], string> = {
  referral: 'Demande d’admission',
  pco: 'Orientation PCO',
};

/** A relance typed on one row and refused by its checks: shown again, open, with its message. */
export interface NudgeFormState {
  caseId: string;
  note: string;
  error: string;
}

export interface CoordinationPageProps {
  frame: PageFrame;
  territories: string[];
  /** The département chosen in the filter, if any. */
  departement: string | undefined;
  items: StalledCase[];
  /** The one stalled reason shown (`?motif=`), when asked for. */
  reasonLabel?: string | undefined;
  notice?: string | undefined;
  error?: AppError | undefined;
  nudge?: NudgeFormState | undefined;
}

/** What was asked for, under the type: the kind of facility of a referral ("EHPAD", "SSR"…). */
function kindOf(item: StalledCase): string | undefined {
  return item.type === 'referral' ? item.what.split(' — ')[1] : undefined;
}

/** Who must act, as the coordinator reads it: the party, and which facility or platform. */
function whoMustAct(reason: StalledCase['reasons'][number]): string {
  return reason.who ? `${reason.partyLabel} — ${reason.who}` : reason.partyLabel;
}

function DepartementFilter(props: { territories: string[]; departement: string | undefined }) {
  return (
    <form method="get" action="/coordination" class="fr-mb-4w" aria-label="Filtrer par département">
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-departement"
            name="departement"
            label="Département"
            placeholder="Tous mes départements"
            placeholderSelectable
            options={props.territories.map((code) => ({ value: code, label: code }))}
            value={props.departement}
          />
        </div>
      </div>
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Filtrer
          </button>
        </li>
        {props.departement ? (
          <li>
            <a class="fr-btn fr-btn--tertiary" href="/coordination">
              Effacer le filtre
            </a>
          </li>
        ) : null}
      </ul>
    </form>
  );
}

/** Relancer the party a referral waits for: a note of the coordinator's, sent through the platform's messages. */
function NudgeForm(props: { item: StalledCase; departement: string | undefined; state: NudgeFormState | undefined }) {
  const { item } = props;
  const state = props.state?.caseId === item.id ? props.state : undefined;
  const id = `relance-${item.id}`;
  return (
    <Disclosure title="Relancer" open={state !== undefined}>
      <form method="post" action={`/coordination/demandes/${item.id}/relance`} novalidate>
        {props.departement ? <input type="hidden" name="departement" value={props.departement} /> : null}
        <TextareaField
          id={id}
          name="note"
          label="Message de relance"
          hint={`Envoyé à : ${[...new Set(item.reasons.map(whoMustAct))].join(', ')}. Une relance par jour au plus.`}
          value={state?.note}
          error={state?.error}
          required
        />
        <button type="submit" class="fr-btn fr-btn--sm fr-icon-mail-line fr-btn--icon-left">
          Envoyer la relance
          <span class="fr-sr-only"> : {item.personName}</span>
        </button>
      </form>
    </Disclosure>
  );
}

/** The coordinator's worklist: every stalled case of the territory, oldest first, with who must act. */
export function CoordinationPage(props: CoordinationPageProps) {
  const title = 'Dossiers en retard';
  return (
    <Layout title={props.error || props.nudge ? `Erreur : ${title}` : title} frame={props.frame}>
      <h1>{title}</h1>
      <p class="fr-text--lead">
        Demandes d’admission et orientations PCO de votre territoire ({props.territories.join(', ') || 'aucun'}) dont un
        délai est dépassé, les plus anciennes d’abord.
      </p>
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {props.error ? <ErrorAlert error={props.error} /> : null}
      {props.nudge ? (
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
          <h2 class="fr-alert__title">La relance n’est pas envoyée</h2>
          <p>{props.nudge.error}</p>
        </div>
      ) : null}
      {props.territories.length > 0 ? (
        <DepartementFilter territories={props.territories} departement={props.departement} />
      ) : null}
      {props.reasonLabel ? (
        <p>
          Motif : <strong>{props.reasonLabel}</strong>.{' '}
          <a class="fr-link" href="/coordination">
            Voir tous les dossiers en retard
          </a>
        </p>
      ) : null}
      {props.items.length === 0 ? (
        <p>Aucun dossier en retard sur votre territoire{props.departement ? ` (${props.departement})` : ''}.</p>
      ) : (
        <DataTable
          caption="Dossiers en retard de mon territoire, les plus anciens d’abord"
          hideCaption
          multiline
          columns={['Personne', 'Dossier', 'Département', 'En retard', 'Prochaine échéance', 'Action']}
        >
          {props.items.map((item) => (
            <tr>
              <th scope="row">
                {item.type === 'referral' ? (
                  <a href={item.url}>{item.personName}</a>
                ) : (
                  // PCO orientations are opened by their platform and the prescriber only.
                  item.personName
                )}
              </th>
              <td>
                <strong>{typeLabels[item.type]}</strong>
                {kindOf(item) ? (
                  <>
                    <br />
                    <span class="fr-text--sm">{kindOf(item)}</span>
                  </>
                ) : null}
              </td>
              <td>{item.departement}</td>
              <td>
                <StalledBadge />
                <ul class="fr-text--sm fr-mb-0">
                  {item.reasons.map((reason) => (
                    <li>
                      {reason.label}
                      <br />
                      Qui doit agir : <strong>{whoMustAct(reason)}</strong>
                      <br />
                      depuis le <time datetime={reason.since}>{formatDateTime(reason.since)}</time>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                {item.nextDeadlineAt ? (
                  <time datetime={item.nextDeadlineAt}>{formatDeadline(item.nextDeadlineAt)}</time>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {item.type === 'referral' ? (
                  <NudgeForm item={item} departement={props.departement} state={props.nudge} />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
