import type { platformInbox } from '../../api/pco/service.ts';
import { DataTable } from '../components/data-table.tsx';
import { formatDeadline } from '../components/dates.ts';
import { DaysLeftBadge, PcoStalledBadge, PcoStatusBadge } from '../components/pco-badges.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export type PcoInboxItem = Awaited<ReturnType<typeof platformInbox>>[number];

/** Orientations received by the person's platforms: late ones first, then by next legal deadline. */
export function PcoInboxPage(props: {
  frame: PageFrame;
  items: PcoInboxItem[];
  member: boolean;
  /** Only the orientations waiting for validation (`?statut=submitted`). */
  toValidateOnly?: boolean | undefined;
}) {
  return (
    <Layout title="Orientations reçues" frame={props.frame} breadcrumbs={[{ label: 'Orientations reçues' }]}>
      <h1>Orientations reçues</h1>
      {props.member && props.toValidateOnly ? (
        <p>
          Orientations <strong>en attente de validation</strong> uniquement.{' '}
          <a class="fr-link" href="/pco/boite-de-reception">
            Voir toutes les orientations
          </a>
        </p>
      ) : null}
      {!props.member ? (
        <p class="fr-text--lead">Vous n’êtes membre d’aucune plateforme PCO TND.</p>
      ) : props.items.length === 0 ? (
        <p class="fr-text--lead">
          {props.toValidateOnly ? 'Aucune orientation à valider.' : 'Aucune orientation reçue pour l’instant.'}
        </p>
      ) : (
        <DataTable
          caption="Orientations reçues par ma plateforme, les échéances dépassées puis les plus proches d’abord"
          hideCaption
          multiline
          columns={[
            'Enfant',
            'Âge',
            'Statut',
            'Jours restants pour valider',
            'Prochaine échéance légale',
            'Échéances dépassées',
          ]}
        >
          {props.items.map((item) => (
            <tr>
              <th scope="row">
                <a href={`/pco/${item.id}`}>{item.childName}</a>
              </th>
              <td>{item.childAge}</td>
              <td>
                <PcoStatusBadge status={item.status} label={item.statusLabel} />
              </td>
              <td>{item.daysLeftToValidate === null ? '—' : <DaysLeftBadge days={item.daysLeftToValidate} />}</td>
              <td>
                {item.nextLegalDeadline ? (
                  <>
                    {item.nextLegalDeadline.label}
                    <br />
                    <time datetime={item.nextLegalDeadline.at}>{formatDeadline(item.nextLegalDeadline.at)}</time>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {item.stalled ? (
                  <>
                    <PcoStalledBadge />
                    <ul class="fr-text--sm fr-mb-0">
                      {item.stalledReasons.map((reason) => (
                        <li>{reason}</li>
                      ))}
                    </ul>
                  </>
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
