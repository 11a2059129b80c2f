import { facilityKinds } from '../../domain/directory/facility-kinds.ts';
import { refusalReasons } from '../../domain/referral/refusal-reasons.ts';
import type { ObservatoryFigures, ObservatoryRow } from '../../services/observatory/facility-figures.ts';
import { rate } from '../../services/observatory/facility-figures.ts';
import type { PcoFigures, PcoMilestone, PcoRow } from '../../services/observatory/pco-figures.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { DataTable } from '../components/data-table.tsx';
import { formatCalendarDate } from '../components/dates.ts';
import { CheckboxField, InputField, SelectField } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';
import type { ObservatoryFilters } from '../routes/observatory-filters.ts';

export interface ObservatoryPageProps {
  frame: PageFrame;
  /** The coordinator's départements (checkboxes); absent: a free list (administrators) or none (facility). */
  territories: string[] | undefined;
  /** A facility manager reads only their own rows: no territory filter, no kind totals. */
  ownFacilitiesOnly: boolean;
  filters: ObservatoryFilters;
  /** The same filters as a query string, for the CSV link. */
  query: string;
  figures: ObservatoryFigures | undefined;
  /** The territory's PCO TND orientations; absent for a facility manager. */
  pco?: PcoFigures | undefined;
  error?: string | undefined;
}

export function formatShare(count: number, received: number): string {
  const share = rate(count, received);
  return share === null ? '—' : `${Math.round(share * 100)} %`;
}

/** A delay in hours as people read it: hours under two days, days (one decimal) beyond. */
export function formatDelay(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${(hours / 24).toFixed(1).replace('.', ',')} j`;
}

function reasonsText(row: ObservatoryRow): string {
  const entries = Object.entries(row.refusalReasons);
  if (entries.length === 0) return '—';
  return entries
    .map(([reason, count]) => `${refusalReasons[reason as keyof typeof refusalReasons] ?? reason} (${count})`)
    .join(', ');
}

const columns = [
  'Demandes reçues',
  'Taux de réponse',
  'Délai médian de 1re réponse',
  'Délai de 1re réponse (90e centile)',
  'Accords',
  'Refus',
  'Motifs de refus',
  'Liste d’attente',
  'Délai médian envoi → admission',
  'En attente',
  'En retard',
];

function FigureCells(props: { row: ObservatoryRow }) {
  const { row } = props;
  return (
    <>
      <td>{row.received}</td>
      <td>{formatShare(row.answered, row.received)}</td>
      <td>{formatDelay(row.medianAnswerHours)}</td>
      <td>{formatDelay(row.p90AnswerHours)}</td>
      <td>{formatShare(row.accepted, row.received)}</td>
      <td>{formatShare(row.refused, row.received)}</td>
      <td>{reasonsText(row)}</td>
      <td>{formatShare(row.waitlisted, row.received)}</td>
      <td>{formatDelay(row.medianAdmissionHours)}</td>
      <td>{row.waiting}</td>
      <td>{row.stalled}</td>
    </>
  );
}

function Filters(props: ObservatoryPageProps) {
  const { filters } = props;
  return (
    <form method="get" action="/observatoire" class="fr-mb-4w" aria-label="Filtrer les chiffres">
      <div class="fr-grid-row fr-grid-row--gutters">
        {props.ownFacilitiesOnly ? null : props.territories ? (
          <div class="fr-col-12 fr-col-md-4">
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Départements</legend>
              {props.territories.map((code) => (
                <div class="fr-fieldset__element">
                  <CheckboxField
                    id={`departement-${code}`}
                    name="departement"
                    value={code}
                    label={code}
                    checked={filters.departements.includes(code)}
                  />
                </div>
              ))}
            </fieldset>
          </div>
        ) : (
          <div class="fr-col-12 fr-col-md-4">
            <InputField
              id="filtre-departements"
              name="departement"
              label="Départements"
              hint="Numéros séparés par des virgules ; vide : tous"
              value={filters.departements.join(', ')}
            />
          </div>
        )}
        <div class="fr-col-6 fr-col-md-2">
          <InputField id="filtre-du" name="du" type="date" label="Du" value={filters.from} />
        </div>
        <div class="fr-col-6 fr-col-md-2">
          <InputField id="filtre-au" name="au" type="date" label="Au" value={filters.to} />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <SelectField
            id="filtre-type"
            name="type"
            label="Type d’établissement"
            placeholder="Tous les types"
            placeholderSelectable
            options={Object.entries(facilityKinds).map(([value, kind]) => ({ value, label: kind.label }))}
            value={filters.kind}
          />
        </div>
      </div>
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Afficher
          </button>
        </li>
      </ul>
    </form>
  );
}

const pcoColumns = [
  'Orientations',
  'Validées',
  'Refusées',
  'En retard',
  'Validation dans les 15 jours',
  'Premier bilan dans les 3 mois',
  'Synthèse dans les 6 mois',
];

/** « 3 sur 4 (75 %) », or a dash when no delay has ended yet. */
function milestoneText(milestone: PcoMilestone): string {
  if (milestone.due === 0) return '—';
  return `${milestone.withinDelay} sur ${milestone.due} (${formatShare(milestone.withinDelay, milestone.due)})`;
}

function PcoCells(props: { row: PcoRow }) {
  const { row } = props;
  return (
    <>
      <td>{row.orientations}</td>
      <td>{row.validated}</td>
      <td>{row.refused}</td>
      <td>{row.stalled}</td>
      <td>{milestoneText(row.validation)}</td>
      <td>{milestoneText(row.firstAssessment)}</td>
      <td>{milestoneText(row.synthesis)}</td>
    </>
  );
}

/** The PCO TND delays kept over the period: a chart of the three rates, the table beside it. */
function PcoSection(props: { pco: PcoFigures; period: string }) {
  const { total } = props.pco;
  const bar = (label: string, milestone: PcoMilestone) => ({
    label,
    share: rate(milestone.withinDelay, milestone.due) ?? 0,
    text:
      milestone.due === 0
        ? 'aucun délai échu'
        : `${formatShare(milestone.withinDelay, milestone.due)} (${milestone.withinDelay} sur ${milestone.due})`,
  });
  return (
    <section class="fr-mt-6w" aria-labelledby="pco-titre">
      <h2 id="pco-titre">Orientations PCO TND</h2>
      <p>
        Orientations vers une plateforme de coordination et d’orientation (PCO TND) envoyées {props.period}, comptées
        dans le département de l’enfant, quel que soit le type d’établissement choisi. Un délai est rapporté aux délais
        échus : tenus, ou dépassés sans que l’étape ait eu lieu.
      </p>
      {total.orientations === 0 ? (
        <p>Aucune orientation PCO sur la période.</p>
      ) : (
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-lg-6">
            <h3>Délais réglementaires tenus</h3>
            <BarChart
              id="graphique-pco"
              title={`Délais réglementaires tenus par les PCO TND, ${props.period}`}
              bars={[
                bar('Validation dans les 15 jours', total.validation),
                bar('Premier bilan dans les 3 mois', total.firstAssessment),
                bar('Synthèse dans les 6 mois', total.synthesis),
              ]}
            />
          </div>
          <div class="fr-col-12 fr-col-lg-6">
            <DataTable caption="Orientations PCO TND" multiline columns={['Département', ...pcoColumns]}>
              <tr>
                <th scope="row">Tout le territoire</th>
                <PcoCells row={total} />
              </tr>
              {props.pco.departements.map((row) => (
                <tr>
                  <th scope="row">{row.departement}</th>
                  <PcoCells row={row} />
                </tr>
              ))}
            </DataTable>
          </div>
        </div>
      )}
    </section>
  );
}

/** The territory's numbers: a chart per kind with its table beside, the facilities' table, the CSV. */
export function ObservatoryPage(props: ObservatoryPageProps) {
  const { figures, filters } = props;
  const period = `du ${formatCalendarDate(filters.from)} au ${formatCalendarDate(filters.to)}`;
  const kinds = figures?.kinds ?? [];
  return (
    <Layout title="Observatoire" frame={props.frame}>
      <h1>Observatoire</h1>
      <p>
        Demandes reçues par les établissements {period}, comptées à leur date d’envoi. Les taux sont rapportés aux
        demandes reçues ; les délais courent de l’envoi à la première décision (accord, refus ou liste d’attente).
      </p>
      <Filters {...props} />
      {props.error ? (
        <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
          <p>{props.error}</p>
        </div>
      ) : null}
      {figures ? (
        <>
          <p>
            <a class="fr-link fr-icon-download-line fr-link--icon-left" href={`/observatoire.csv?${props.query}`}>
              Télécharger le tableau (CSV)
            </a>
          </p>
          {props.ownFacilitiesOnly || kinds.length === 0 ? null : (
            <div class="fr-grid-row fr-grid-row--gutters fr-mb-4w">
              <div class="fr-col-12 fr-col-lg-6">
                <h2>Taux de réponse par type d’établissement</h2>
                <BarChart
                  id="graphique-reponse"
                  title={`Taux de réponse par type d’établissement, ${period}`}
                  bars={kinds.map((row) => ({
                    label: facilityKinds[row.kind].label,
                    share: rate(row.answered, row.received) ?? 0,
                    text: `${formatShare(row.answered, row.received)} de ${row.received} demandes`,
                  }))}
                />
              </div>
              <div class="fr-col-12 fr-col-lg-6">
                <DataTable caption="Par type d’établissement" multiline columns={['Type', ...columns]}>
                  {kinds.map((row) => (
                    <tr>
                      <th scope="row">{facilityKinds[row.kind].label}</th>
                      <FigureCells row={row} />
                    </tr>
                  ))}
                </DataTable>
              </div>
            </div>
          )}
          {figures.facilities.length === 0 ? (
            <p>Aucune demande reçue sur la période.</p>
          ) : (
            <DataTable
              caption="Par établissement"
              multiline
              columns={['Établissement', 'Type', 'Département', ...columns]}
            >
              {figures.facilities.map((row) => (
                <tr>
                  <th scope="row">{row.facility?.name}</th>
                  <td>{facilityKinds[row.kind].label}</td>
                  <td>{row.facility?.departement}</td>
                  <FigureCells row={row} />
                </tr>
              ))}
            </DataTable>
          )}
          {props.pco ? <PcoSection pco={props.pco} period={period} /> : null}
        </>
      ) : null}
    </Layout>
  );
}
