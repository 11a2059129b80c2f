import type { OrientationDetail } from '../../api/pco/service.ts';
import { careProfessions } from '../../domain/pco/package.ts';
import { DataTable } from './data-table.tsx';
import { formatCalendarDate } from './dates.ts';
import { formatEuros } from './money.ts';

type PackageLine = OrientationDetail['packageUsage'][number];

/** Share of the yearly ceiling from which the platform is warned (the workflow warns at the same point). */
const warningShare = 0.8;

export const careKinds = { assessment: 'Bilan', intervention: 'Intervention' } as const;
export const careProviders = {
  platform: 'La plateforme',
  contracted: 'Un professionnel libéral conventionné',
} as const;

function Gauge(props: { line: PackageLine }) {
  const { line } = props;
  const share = line.ceilingCents > 0 ? line.usedCents / line.ceilingCents : 0;
  const percent = Math.min(100, Math.round(share * 100));
  const warn = share >= warningShare;
  const id = `forfait-${line.id}`;
  return (
    <div class="fr-mb-3w">
      <p class="fr-mb-1v" id={id}>
        <strong>{line.label}</strong> ({line.professions.map((profession) => careProfessions[profession]).join(', ')})
      </p>
      <div
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${formatEuros(line.usedCents)} sur ${formatEuros(line.ceilingCents)}`}
        style="height: 0.75rem; background-color: var(--background-contrast-grey); max-width: 32rem;"
      >
        <div
          style={`height: 100%; width: ${percent}%; background-color: var(${warn ? '--background-action-high-warning' : '--background-action-high-blue-france'});`}
        />
      </div>
      <p class="fr-text--sm fr-mt-1v fr-mb-0">
        {formatEuros(line.usedCents)} utilisés sur {formatEuros(line.ceilingCents)} ({percent} %) — reste{' '}
        {formatEuros(Math.max(0, line.remainingCents))}
      </p>
      {warn ? (
        <p class="fr-message fr-message--warning fr-mt-1v">
          Forfait bientôt épuisé : au-delà du plafond, un bilan ou une intervention n’est enregistré que hors forfait.
        </p>
      ) : null}
    </div>
  );
}

/** The yearly early-intervention package, line by line, and every assessment and intervention recorded. */
export function PackagePanel(props: { orientation: OrientationDetail }) {
  const { orientation } = props;
  if (!orientation.validatedAt) return null;
  return (
    <section aria-labelledby="forfait" class="fr-mb-6w">
      <h2 id="forfait" class="fr-h4">
        Forfait d’intervention précoce
      </h2>
      <p class="fr-hint-text">Consommation de l’année de parcours en cours, par ligne du forfait.</p>
      {orientation.packageUsage.map((line) => (
        <Gauge line={line} />
      ))}
      <h3 class="fr-h6">Bilans et interventions</h3>
      {orientation.care.length === 0 ? (
        <p>Aucun bilan ni intervention enregistré pour l’instant.</p>
      ) : (
        <DataTable
          caption="Bilans et interventions enregistrés"
          hideCaption
          multiline
          columns={['Date', 'Type', 'Professionnel', 'Réalisé par', 'Montant']}
        >
          {orientation.care.map((item) => (
            <tr>
              <td>{formatCalendarDate(item.date)}</td>
              <td>{careKinds[item.kind]}</td>
              <td>{careProfessions[item.profession] ?? item.profession}</td>
              <td>{careProviders[item.provider]}</td>
              <td>
                {formatEuros(item.amountCents)}
                {item.beyondPackage ? (
                  <>
                    {' '}
                    <span class="fr-badge fr-badge--sm fr-badge--warning">Hors forfait</span>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
