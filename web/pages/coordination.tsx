import {
  isListedTakenInCharge,
  type StalledCase,
  stalledDays,
  type Worklist,
  type WorklistQuery,
  worklistMinDays,
  worklistReasons,
} from '../../api/coordination/stalled-cases.ts';
import { facilityKinds } from '../../domain/directory/facility-kinds.ts';
import type { AppError } from '../../domain/errors.ts';
import { ErrorAlert, SuccessAlert } from '../components/alerts.tsx';
import { type CoordinationFormState, RemindForm, TakeChargeForm } from '../components/coordination-panel.tsx';
import { DataTable } from '../components/data-table.tsx';
import { formatCalendarDate, formatDateTime, formatDeadline } from '../components/dates.ts';
import { SelectField } from '../components/fields.tsx';
import { Pagination } from '../components/pagination.tsx';
import { StalledBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

const typeLabels: Record<StalledCase['type'], string> = {
  referral: 'Demande d’admission',
  pco: 'Orientation PCO',
};

const takenInChargeOptions = [
  { value: 'no', label: 'À traiter (non pris en charge)' },
  { value: 'yes', label: 'Pris en charge' },
  { value: 'all', label: 'Tous' },
];
const sortOptions = [
  { value: 'oldest', label: 'Bloqués depuis le plus longtemps' },
  { value: 'newest', label: 'Bloqués le plus récemment' },
];

export interface CoordinationPageProps {
  frame: PageFrame;
  territories: string[];
  query: WorklistQuery;
  worklist: Worklist;
  today: string;
  notice?: string | undefined;
  error?: AppError | undefined;
  /** A form of one row refused by its checks: shown again, open, with its message. */
  form?: CoordinationFormState | undefined;
}

/** What was asked for, under the type: the kind of facility of a referral ("EHPAD", "SSR"…). */
function kindOf(item: StalledCase): string | undefined {
  return item.type === 'referral' ? item.what.split(' — ')[1] : undefined;
}

/** Who must act, as the coordinator reads it: the party, and which facility or platform. */
function whoMustAct(reason: StalledCase['reasons'][number]): string {
  return reason.who ? `${reason.partyLabel} — ${reason.who}` : reason.partyLabel;
}

/** The address of the list with these filters (and page): links and forms keep the filters. */
export function worklistHref(query: WorklistQuery, changes: Partial<WorklistQuery> = {}): string {
  const merged: Partial<WorklistQuery> = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) {
    if (value === undefined || value === '') continue;
    if (name === 'takenInCharge' && value === 'no') continue;
    if (name === 'sort' && value === 'oldest') continue;
    if (name === 'page' && value === 1) continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `/coordination?${search}` : '/coordination';
}

function Filters(props: { territories: string[]; query: WorklistQuery; worklist: Worklist }) {
  const { query } = props;
  const kinds = [
    ...Object.entries(facilityKinds).map(([value, kind]) => ({ value, label: kind.label })),
    { value: 'pco', label: 'Orientation PCO TND' },
  ];
  const filtered = worklistHref(query, { page: 1, sort: 'oldest' }) !== '/coordination';
  return (
    <form method="get" action="/coordination" class="fr-mb-4w" aria-label="Filtrer les dossiers en retard">
      <div class="fr-grid-row fr-grid-row--gutters">
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-departement"
            name="departement"
            label="Département"
            placeholder="Tous mes départements"
            placeholderSelectable
            options={props.territories.map((code) => ({ value: code, label: code }))}
            value={query.departement}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-motif"
            name="reason"
            label="Motif du retard"
            placeholder="Tous les motifs"
            placeholderSelectable
            options={worklistReasons}
            value={query.reason}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-type"
            name="kind"
            label="Type de dossier"
            placeholder="Tous les types"
            placeholderSelectable
            options={kinds}
            value={query.kind}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-etablissement"
            name="facilityId"
            label="Établissement attendu"
            placeholder="Tous les établissements"
            placeholderSelectable
            options={props.worklist.facilities.map((facility) => ({ value: facility.id, label: facility.name }))}
            value={query.facilityId}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-anciennete"
            name="minDays"
            label="En retard depuis au moins"
            placeholder="Toute ancienneté"
            placeholderSelectable
            options={worklistMinDays.map((days) => ({ value: String(days), label: `${days} jours` }))}
            value={query.minDays === undefined ? undefined : String(query.minDays)}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-prise-en-charge"
            name="takenInCharge"
            label="Prise en charge"
            placeholder="À traiter (non pris en charge)"
            options={takenInChargeOptions.slice(1)}
            value={query.takenInCharge === 'no' ? undefined : query.takenInCharge}
            placeholderSelectable
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-tri"
            name="sort"
            label="Trier"
            placeholder={sortOptions[0]?.label ?? ''}
            placeholderSelectable
            options={sortOptions.slice(1)}
            value={query.sort === 'oldest' ? undefined : query.sort}
          />
        </div>
      </div>
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Filtrer
          </button>
        </li>
        {filtered ? (
          <li>
            <a class="fr-btn fr-btn--tertiary" href="/coordination">
              Effacer les filtres
            </a>
          </li>
        ) : null}
      </ul>
    </form>
  );
}

/** Server-side pages: plain links, so the list pages without JavaScript. */
/** The coordinator's worklist: the territory's stalled cases, filtered, by how long they have been stuck. */
export function CoordinationPage(props: CoordinationPageProps) {
  const title = 'Dossiers en retard';
  const { worklist, query } = props;
  const back = worklistHref(query);
  const first = (worklist.page - 1) * worklist.pageSize + 1;
  return (
    <Layout title={props.error || props.form ? `Erreur : ${title}` : title} frame={props.frame}>
      <h1>{title}</h1>
      <p class="fr-text--lead">
        Demandes d’admission et orientations PCO de votre territoire ({props.territories.join(', ') || 'aucun'}) dont un
        délai est dépassé. Un dossier « pris en charge » quitte la liste à traiter jusqu’à la date choisie.
      </p>
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {props.error ? <ErrorAlert error={props.error} /> : null}
      {props.form ? (
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
          <h2 class="fr-alert__title">L’action n’est pas enregistrée</h2>
          <p>{props.form.error}</p>
        </div>
      ) : null}
      {props.territories.length > 0 ? (
        <Filters territories={props.territories} query={query} worklist={worklist} />
      ) : null}
      {worklist.total === 0 ? (
        <p>Aucun dossier en retard sur votre territoire pour ces critères.</p>
      ) : (
        <>
          <p role="status">
            {worklist.total} dossier{worklist.total > 1 ? 's' : ''} en retard
            {worklist.pageCount > 1 ? ` — dossiers ${first} à ${first + worklist.items.length - 1}` : ''}.
          </p>
          <DataTable
            caption="Dossiers en retard de mon territoire"
            hideCaption
            multiline
            columns={['Personne', 'Dossier', 'Département', 'En retard', 'Prochaine échéance', 'Actions']}
          >
            {worklist.items.map((item) => (
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
                  <p class="fr-text--sm fr-mb-1w">
                    Bloqué depuis {stalledDays(item)} jour{stalledDays(item) > 1 ? 's' : ''}
                    {isListedTakenInCharge(item, props.today) && item.takenInChargeUntil
                      ? ` · pris en charge jusqu’au ${formatCalendarDate(item.takenInChargeUntil)}`
                      : ''}
                  </p>
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
                    <>
                      <RemindForm
                        caseId={item.id}
                        recipients={[...new Set(item.reasons.map(whoMustAct))].join(', ')}
                        remindedToday={item.remindedOn === props.today}
                        back={back}
                        state={props.form}
                      />
                      <TakeChargeForm caseId={item.id} until={item.takenInChargeUntil} back={back} state={props.form} />
                      <p class="fr-text--sm fr-mt-1w">
                        <a href={item.url}>Notes, message au demandeur, suggestions</a>
                      </p>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
          <Pagination
            page={worklist.page}
            pageCount={worklist.pageCount}
            href={(page) => worklistHref(query, { page })}
          />
        </>
      )}
    </Layout>
  );
}
