import type { TriageInbox, TriageItem, TriageQuery } from '../../api/referrals/triage-inbox.ts';
import { triageSorts } from '../../api/referrals/triage-inbox.ts';
import { type FacilityTaskStatus, facilityTaskStatuses } from '../../domain/referral/facility-task.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatCalendarDate, formatDateTime, formatDeadline } from '../components/dates.ts';
import { CheckboxField, SelectField } from '../components/fields.tsx';
import { Pagination } from '../components/pagination.tsx';
import { TaskStatusBadge } from '../components/status-badge.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

// A facility never sees a request before it is sent to it.
const visibleStatuses = (Object.keys(facilityTaskStatuses) as FacilityTaskStatus[]).filter(
  (status) => status !== 'planned',
);

const otherSorts = (Object.keys(triageSorts) as (keyof typeof triageSorts)[]).filter((sort) => sort !== 'urgence');

/** Filters and sort in one GET form: the triage works without JavaScript. */
function Filters(props: { filters: TriageQuery }) {
  const active = Object.keys(props.filters).length > 0;
  return (
    <form method="get" action="/boite-de-reception" class="fr-mb-4w" aria-label="Filtrer et trier les demandes reçues">
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="filtre-statut"
            name="statut"
            label="Statut"
            placeholder="Tous les statuts"
            placeholderSelectable
            options={visibleStatuses.map((status) => ({ value: status, label: facilityTaskStatuses[status] }))}
            value={props.filters.status}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <SelectField
            id="tri"
            name="tri"
            label="Trier"
            placeholder={triageSorts.urgence}
            placeholderSelectable
            options={otherSorts.map((sort) => ({ value: sort, label: triageSorts[sort] }))}
            value={props.filters.sort === 'urgence' ? undefined : props.filters.sort}
          />
        </div>
        <div class="fr-col-12 fr-col-sm-6 fr-col-lg-4">
          <CheckboxField
            id="filtre-retard"
            name="en-retard"
            value="oui"
            label="En retard uniquement"
            checked={props.filters.overdue === true}
          />
        </div>
      </div>
      {props.filters.entryBy ? (
        <p class="fr-mt-2w fr-mb-0">
          <input type="hidden" name="entree-avant" value={props.filters.entryBy} />
          Entrée prévue au plus tard le <strong>{formatCalendarDate(props.filters.entryBy)}</strong>.
        </p>
      ) : null}
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mt-2w">
        <li>
          <button type="submit" class="fr-btn fr-btn--secondary">
            Afficher
          </button>
        </li>
        {active ? (
          <li>
            <a class="fr-btn fr-btn--tertiary" href="/boite-de-reception">
              Effacer les filtres
            </a>
          </li>
        ) : null}
      </ul>
    </form>
  );
}

function NewCount(props: { count: number }) {
  if (props.count === 0) return <p>Aucune nouvelle demande : toutes ont été ouvertes.</p>;
  return (
    <p class="fr-text--lg">
      <a href="/boite-de-reception?statut=sent">
        <strong>{props.count}</strong> {props.count === 1 ? 'nouvelle demande' : 'nouvelles demandes'}{' '}
        {props.count === 1 ? 'non ouverte' : 'non ouvertes'}
      </a>
    </p>
  );
}

function TimeLeft(props: { item: TriageItem }) {
  const { item } = props;
  if (item.answerDueAt === null) {
    return item.overdue ? <OverdueBadge /> : <span>—</span>;
  }
  const left =
    item.daysLeft === null || item.overdue
      ? null
      : item.daysLeft <= 0
        ? 'Aujourd’hui'
        : `${item.daysLeft} jour${item.daysLeft > 1 ? 's' : ''}`;
  return (
    <>
      {item.overdue ? <OverdueBadge /> : <strong>{left}</strong>}
      <br />
      <span class="fr-text--xs">Échéance : {formatDeadline(item.answerDueAt)}</span>
    </>
  );
}

/** The GIR, computed from the AGGIR grid of the autonomy part, which every member of the facility reads. */
function Gir(props: { item: TriageItem }) {
  return <>{props.item.gir === null ? '—' : `GIR ${props.item.gir}`}</>;
}

function OverdueBadge() {
  return <span class="fr-badge fr-badge--sm fr-badge--warning">en retard</span>;
}

const sortCaptions: Record<keyof typeof triageSorts, string> = {
  urgence: 'en retard d’abord, puis par échéance de réponse la plus proche, puis par date de réception',
  reception: 'de la plus récemment reçue à la plus ancienne',
  entree: 'par date d’entrée souhaitée, la plus proche d’abord',
};

/** The inbox's address for a page, with its filters and sort (the names the filters form uses). */
function inboxHref(filters: TriageQuery, page: number): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('statut', filters.status);
  if (filters.overdue) params.set('en-retard', 'oui');
  if (filters.entryBy) params.set('entree-avant', filters.entryBy);
  if (filters.sort && filters.sort !== 'urgence') params.set('tri', filters.sort);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/boite-de-reception?${query}` : '/boite-de-reception';
}

export function InboxPage(props: { frame: PageFrame; inbox: TriageInbox; filters: TriageQuery }) {
  const filtered =
    props.filters.status !== undefined || props.filters.overdue === true || props.filters.entryBy !== undefined;
  const { items, newCount, page, pageCount, pageSize, total } = props.inbox;
  const first = (page - 1) * pageSize + 1;
  return (
    <Layout title="Demandes reçues" frame={props.frame}>
      <h1>Demandes reçues</h1>
      <NewCount count={newCount} />
      <Filters filters={props.filters} />
      {items.length === 0 ? (
        <p class="fr-text--lead">
          {filtered ? 'Aucune demande ne correspond à ces critères.' : 'Aucune demande reçue pour l’instant.'}
        </p>
      ) : (
        <>
          <p>
            {total > items.length
              ? `Demandes ${first} à ${first + items.length - 1} sur ${total}.`
              : `${total} demande${total > 1 ? 's' : ''}.`}
          </p>
          <DataTable
            caption={`Demandes reçues par mon établissement, ${sortCaptions[props.filters.sort ?? 'urgence']}`}
            multiline
            columns={[
              'Personne (âge)',
              'Prise en charge',
              'GIR',
              'Entrée souhaitée',
              'Urgence',
              'Reçue le',
              'Délai de réponse',
              'Statut',
            ]}
          >
            {items.map((item) => (
              <tr>
                <th scope="row">
                  <a href={`/demandes/${item.referralId}`}>{item.patientName}</a>
                  {item.unread ? (
                    <>
                      {' '}
                      <span class="fr-badge fr-badge--sm fr-badge--new">Nouvelle</span>
                    </>
                  ) : null}
                  <br />
                  <span>{item.age} ans</span>
                </th>
                <td>
                  {item.kindLabel}
                  <br />
                  <span class="fr-text--xs">{item.facilityName}</span>
                </td>
                <td>
                  <Gir item={item} />
                </td>
                <td>{item.desiredEntryDate ? formatCalendarDate(item.desiredEntryDate) : '—'}</td>
                <td>{item.urgencyLabel ?? '—'}</td>
                <td>{item.sentAt ? formatDateTime(item.sentAt) : '—'}</td>
                <td>
                  <TimeLeft item={item} />
                </td>
                <td>
                  <TaskStatusBadge status={item.status} label={item.statusLabel} />
                </td>
              </tr>
            ))}
          </DataTable>
          <Pagination page={page} pageCount={pageCount} href={(target) => inboxHref(props.filters, target)} />
        </>
      )}
    </Layout>
  );
}
