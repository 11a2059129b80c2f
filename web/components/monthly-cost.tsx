import type { MonthlyCostEstimate } from '../../domain/directory/monthly-cost.ts';
import { DataTable } from './data-table.tsx';
import { formatEuros } from './money.ts';

const statusBadges: Record<MonthlyCostEstimate['status'], { label: string; modifier: string }> = {
  complete: { label: 'Estimation complète', modifier: 'fr-badge--info' },
  partial: { label: 'Estimation incomplète', modifier: 'fr-badge--warning' },
  unavailable: { label: 'Pas d’estimation', modifier: 'fr-badge--warning' },
};

/** One line of a directory result: the estimate's total, or why there is none, and whether its prices may be old. */
export function MonthlyCostLine(props: { estimate: MonthlyCostEstimate; href: string }) {
  const { estimate } = props;
  const total =
    estimate.totalCents === null
      ? 'non estimé (prix d’hébergement inconnu)'
      : `${estimate.status === 'partial' ? 'au moins' : 'environ'} ${formatEuros(estimate.totalCents)} en ${estimate.monthLabel}`;
  return (
    <p class="fr-text--sm fr-mb-0 fr-mt-1w" data-monthly-cost={estimate.status}>
      <strong>Coût mensuel estimé :</strong> {total}
      {estimate.status === 'partial' ? ' (hors tarif dépendance, non connu)' : ''}
      {estimate.totalCents !== null && estimate.dating.old ? ' — prix peut-être anciens' : ''} —{' '}
      <a href={`${props.href}#cout-mensuel`}>détail du calcul et aides</a>
    </p>
  );
}

/** A facility's page: the estimate term by term, where its prices come from, and the aids that may lower it. */
export function MonthlyCostSection(props: { estimate: MonthlyCostEstimate }) {
  const { estimate } = props;
  const badge = statusBadges[estimate.status];
  return (
    <section class="fr-my-4w" id="cout-mensuel" aria-labelledby="cout-mensuel-titre">
      <h2 class="fr-h4" id="cout-mensuel-titre">
        Coût mensuel estimé pour la personne
      </h2>
      <p class={`fr-badge fr-badge--sm ${badge.modifier}`}>{badge.label}</p>
      <p class="fr-text--lead fr-mt-1w">{estimate.summary}</p>
      {estimate.warnings.length > 0 ? (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
          {estimate.warnings.map((warning) => (
            <p>{warning}</p>
          ))}
        </div>
      ) : null}
      {/* Three short columns that fit a phone; each term's explanation follows the table. */}
      <DataTable
        caption={`Calcul pour ${estimate.days} jours (${estimate.monthLabel})`}
        multiline
        columns={['Poste', 'Par jour × jours', 'Pour le mois']}
      >
        {estimate.terms.map((term) => (
          <tr>
            <td>{term.label}</td>
            <td>{term.perDayCents === null ? 'non connu' : `${formatEuros(term.perDayCents)} × ${term.days}`}</td>
            <td>{term.amountCents === null ? '—' : formatEuros(term.amountCents)}</td>
          </tr>
        ))}
        <tr>
          <td>
            <strong>Total</strong>
          </td>
          <td />
          <td>
            <strong>
              {estimate.totalCents === null
                ? '—'
                : `${estimate.status === 'partial' ? 'au moins ' : ''}${formatEuros(estimate.totalCents)}`}
            </strong>
          </td>
        </tr>
      </DataTable>
      <p>Aucune aide n’est déduite : l’annuaire ne connaît pas les ressources de la personne.</p>
      <ul>
        {estimate.terms.map((term) => (
          <li>
            <strong>{term.label}</strong> : {term.explanation}
          </li>
        ))}
      </ul>
      <p class="fr-text--sm">
        <strong>Origine des prix :</strong> {estimate.dating.label}
      </p>
      <ul class="fr-text--sm">
        {estimate.notes.map((note) => (
          <li>{note}</li>
        ))}
      </ul>
      <h3 class="fr-h6">Les aides qui peuvent réduire ce coût</h3>
      <ul>
        {estimate.aids.map((aid) => (
          <li>
            <strong>{aid.label}</strong> : {aid.explanation}
          </li>
        ))}
      </ul>
    </section>
  );
}
