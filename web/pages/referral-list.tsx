import type { RequesterAttention } from '../../api/home/dashboards.ts';
import type { ReferralListQuery } from '../../api/referrals/schemas.ts';
import type { ReferralSummary } from '../../api/referrals/views.ts';
import { facilityKinds, facilityKindValues } from '../../domain/directory/facility-kinds.ts';
import { type RequestStep, requestStepLabels } from '../../domain/referral/request-steps.ts';
import type { RequesterStatus } from '../../domain/referral/requester-status.ts';
import { type ReferralStatus, referralStatuses } from '../../domain/referral/state.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatCalendarDate, formatDateTime } from '../components/dates.ts';
import { CheckboxField, InputField, SelectField } from '../components/fields.tsx';
import { ReferralStatusBadge, RequesterStatusBadge, StalledBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** The list's filters: the API's, and what the home page's « À traiter » counts link to (`?suivi=`). */
export type RequesterListFilters = ReferralListQuery & { attention?: RequesterAttention | undefined };

const attentionLabels: Record<RequesterAttention, string> = {
  choix: 'un accord attend votre choix',
  informations: 'un établissement attend vos informations',
};

function Filters(props: { filters: RequesterListFilters }) {
  const { filters } = props;
  const active = Object.keys(filters).length > 0;
  return (
    <form method="get" action="/demandes" class="fr-mb-4w" aria-label="Filtrer mes demandes">
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
          <SelectField
            id="filtre-statut"
            name="statut"
            label="Statut"
            placeholder="Tous les statuts"
            placeholderSelectable
            options={(Object.keys(referralStatuses) as ReferralStatus[]).map((status) => ({
              value: status,
              label: referralStatuses[status],
            }))}
            value={filters.status}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
          <SelectField
            id="filtre-type"
            name="type"
            label="Prise en charge"
            placeholder="Tous les types"
            placeholderSelectable
            options={facilityKindValues.map((kind) => ({ value: kind, label: facilityKinds[kind].label }))}
            value={filters.kind}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
          <InputField id="filtre-nom" name="nom" label="Nom ou prénom" value={filters.q} autocomplete="off" />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-3">
          <CheckboxField
            id="filtre-retard"
            name="en-retard"
            value="oui"
            label="En retard uniquement"
            checked={filters.stalled === true}
          />
        </div>
      </div>
      {filters.attention ? (
        <p class="fr-mt-2w fr-mb-0">
          <input type="hidden" name="suivi" value={filters.attention} />
          Demandes où <strong>{attentionLabels[filters.attention]}</strong>.
        </p>
      ) : null}
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Filtrer
          </button>
        </li>
        {active ? (
          <li>
            <a class="fr-btn fr-btn--tertiary" href="/demandes">
              Effacer les filtres
            </a>
          </li>
        ) : null}
      </ul>
    </form>
  );
}

/** The requester's wording of the case's status; the case's own status if it is not known. */
function CaseStatus(props: { referral: ReferralSummary; status: RequesterStatus | undefined }) {
  return props.status ? (
    <RequesterStatusBadge status={props.status} />
  ) : (
    <ReferralStatusBadge status={props.referral.status} label={props.referral.statusLabel} />
  );
}

/** « Reprendre » opens the step the draft was left at (its first dossier step when it has none). */
function ResumeLink(props: { id: string; name: string; step: RequestStep | undefined }) {
  const step = props.step ?? 'administratif';
  return (
    <p class="fr-text--sm fr-mb-0 fr-mt-1v">
      <a class="fr-link fr-link--sm" href={`/demandes/${props.id}/brouillon/${step}`}>
        Reprendre<span class="fr-sr-only"> la demande de {props.name}</span>
      </a>{' '}
      <span class="fr-hint-text">à l’étape « {requestStepLabels[step]} »</span>
    </p>
  );
}

export function ReferralListPage(props: {
  frame: PageFrame;
  referrals: ReferralSummary[];
  /** Where each case stands for its requester (`requesterStatus`), by case id. */
  statuses: ReadonlyMap<string, RequesterStatus>;
  /** The step each draft typed step by step was left at. */
  draftSteps: ReadonlyMap<string, RequestStep>;
  filters: RequesterListFilters;
  canCreate: boolean;
}) {
  const filtered = Object.keys(props.filters).length > 0;
  return (
    <Layout title="Mes demandes" frame={props.frame}>
      <div class="fr-grid-row fr-grid-row--middle fr-grid-row--gutters fr-mb-3w">
        <div class="fr-col">
          <h1 class="fr-mb-0">Mes demandes</h1>
        </div>
        {props.canCreate ? (
          <div class="fr-col-auto">
            <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/demandes/nouvelle">
              Nouvelle demande
            </a>
          </div>
        ) : null}
      </div>
      <Filters filters={props.filters} />
      {props.referrals.length === 0 ? (
        <p class="fr-text--lead">
          {filtered ? 'Aucune demande ne correspond à ces critères.' : 'Aucune demande pour l’instant.'}
        </p>
      ) : (
        <DataTable
          caption="Mes demandes, de la plus récemment modifiée à la plus ancienne"
          hideCaption
          multiline
          columns={['Personne', 'Date de naissance', 'Prise en charge', 'Statut', 'Prochaine échéance', 'Mise à jour']}
        >
          {props.referrals.map((referral) => (
            <tr>
              <th scope="row">
                <a href={`/demandes/${referral.id}`}>{referral.patientName}</a>
              </th>
              <td>{formatCalendarDate(referral.patientBirthDate)}</td>
              <td>{referral.kindLabel}</td>
              <td>
                <CaseStatus referral={referral} status={props.statuses.get(referral.id)} />
                {referral.status === 'draft' ? (
                  <ResumeLink id={referral.id} name={referral.patientName} step={props.draftSteps.get(referral.id)} />
                ) : null}
                {referral.stalled ? (
                  <>
                    {' '}
                    <StalledBadge />
                  </>
                ) : null}
              </td>
              <td>{referral.nextDeadlineAt ? formatDateTime(referral.nextDeadlineAt) : '—'}</td>
              <td>{formatDateTime(referral.updatedAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}
