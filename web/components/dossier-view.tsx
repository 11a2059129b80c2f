import type { ReferralDetail } from '../../api/referrals/views.ts';
import { type FacilityKind, pathwayOf } from '../../domain/directory/facility-kinds.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import {
  type AggirCode,
  discriminantVariableLabels,
  discriminantVariables,
  type Gir,
  girMeanings,
  illustrativeVariableLabels,
  illustrativeVariables,
  subVariableLabels,
  subVariables,
} from '../../domain/referral/aggir.ts';
import {
  aidStatuses,
  computeDossierGir,
  type DossierPart,
  type DraftDossier,
  financialAidLabels,
  legalProtectionMeasures,
  urgencies,
} from '../../domain/referral/dossier.ts';
import { sexLabels } from '../../domain/referral/patient.ts';
import { isReferralClosed } from '../../domain/referral/state.ts';
import { DataTable } from './data-table.tsx';
import { formatCalendarDate } from './dates.ts';
import { isComposite, medicalTextLabels, valueAt } from './dossier-form.ts';

const notGiven = 'Non renseigné';

/** The GIR with what it means; computed by the platform from the grid. */
export function GirSummary(props: { gir: number; saved?: boolean }) {
  const meaning = girMeanings[props.gir as Gir];
  return (
    <div class="fr-highlight fr-mb-3w">
      <p class="fr-mb-1v">
        <strong>GIR {props.gir}</strong>
        {props.saved ? ' (calculé sur la version enregistrée du dossier)' : ' (calculé à partir de la grille AGGIR)'}
      </p>
      {meaning ? <p class="fr-text--sm fr-mb-0">{meaning}</p> : null}
    </div>
  );
}

/** On the case page: which version of the dossier, what it still lacks, and its GIR for those who may read it. */
export function DossierSummaryPanel(props: {
  referral: ReferralDetail;
  asRequester: boolean;
  /** False for a coordinator: the summary (version, missing parts) without a way to the dossier itself. */
  readable?: boolean;
}) {
  const { referral } = props;
  const { dossier } = referral;
  const editable = props.asRequester && !isReferralClosed(referral.status);
  return (
    <section aria-labelledby="dossier" class="fr-mb-6w">
      <h2 id="dossier" class="fr-h4">
        Dossier de la personne
      </h2>
      <p>
        {dossier.version > 0 ? `Version ${dossier.version} du dossier.` : 'Aucun dossier enregistré pour l’instant.'}
        {dossier.missingParts.length === 0 && dossier.version > 0 ? ' Le dossier est complet.' : ''}
      </p>
      {dossier.missingParts.length > 0 ? (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
          <p>
            <strong>Dossier incomplet.</strong> Parties à compléter :
          </p>
          <ul class="fr-mb-0">
            {dossier.missingParts.map((part) => (
              <li>{part.label}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {dossier.gir ? <GirSummary gir={dossier.gir} /> : null}
      {props.readable === false ? null : (
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
          <li>
            <a
              class={`fr-btn ${editable ? 'fr-icon-edit-line' : 'fr-btn--secondary fr-icon-file-text-line'}`}
              href={`/demandes/${referral.id}/dossier`}
            >
              {editable
                ? dossier.missingParts.length > 0
                  ? 'Compléter le dossier'
                  : 'Modifier le dossier'
                : 'Voir le dossier'}
            </a>
          </li>
          {dossier.version > 0 ? (
            <li>
              <a
                class="fr-btn fr-btn--tertiary fr-icon-printer-line"
                href={`/demandes/${referral.id}/dossier.pdf`}
                target="_blank"
                rel="noopener"
                title="Imprimer le dossier (PDF) — nouvelle fenêtre"
              >
                Imprimer le dossier
              </a>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;
}

function labelOf(labels: Record<string, string>, value: unknown): string | undefined {
  const key = text(value);
  return key === undefined ? undefined : (labels[key] ?? key);
}

function Entry(props: { term: string; value: string | undefined }) {
  return (
    <>
      <dt>{props.term}</dt>
      <dd>{props.value ?? notGiven}</dd>
    </>
  );
}

function AdministrativeView(props: { dossier: DraftDossier; kind: FacilityKind; version?: string }) {
  const at = (path: string) => valueAt(props.dossier, `administrative.${path}`);
  const address = [
    text(at('address.street')),
    [text(at('address.postcode')), text(at('address.commune'))].filter(Boolean).join(' '),
  ]
    .filter(Boolean)
    .join(', ');
  const departement = text(at('address.departement'));
  const contact = [text(at('contactPerson.name')), text(at('contactPerson.relationship'))].filter(Boolean).join(' — ');
  const measure = labelOf(legalProtectionMeasures, at('legalProtection.measure'));
  const protector = text(at('legalProtection.protectorName'));
  const birthDate = text(at('identity.birthDate'));
  return (
    <section aria-labelledby="vue-administratif" class="fr-mb-6w">
      <h2 id="vue-administratif" class="fr-h4">
        Volet administratif{props.version ?? ''}
      </h2>
      <dl class="pc-dossier">
        <Entry
          term="Identité"
          value={[text(at('identity.lastName'))?.toUpperCase(), text(at('identity.firstName'))]
            .filter(Boolean)
            .join(' ')}
        />
        <Entry term="Nom de naissance" value={text(at('identity.birthName'))} />
        <Entry
          term="Date de naissance et sexe"
          value={[birthDate ? formatCalendarDate(birthDate) : undefined, labelOf(sexLabels, at('identity.sex'))]
            .filter(Boolean)
            .join(' · ')}
        />
        <Entry term="Adresse" value={address ? `${address}${departement ? ` (${departement})` : ''}` : undefined} />
        <Entry term="Personne à contacter" value={contact || undefined} />
        <Entry
          term="Téléphone de la personne à contacter"
          value={text(at('contactPerson.phone')) ? formatPhoneNumber(text(at('contactPerson.phone'))) : undefined}
        />
        <Entry term="Adresse e-mail de la personne à contacter" value={text(at('contactPerson.email'))} />
        <Entry
          term="Mesure de protection juridique"
          value={measure ? `${measure}${protector ? ` — ${protector}` : ''}` : undefined}
        />
        <Entry
          term="Date d’entrée souhaitée"
          value={text(at('desiredEntryDate')) ? formatCalendarDate(text(at('desiredEntryDate')) ?? '') : undefined}
        />
        {pathwayOf(props.kind) === 'grand_age'
          ? Object.entries(financialAidLabels).map(([aid, label]) => (
              <Entry term={label} value={labelOf(aidStatuses, at(`financialAids.${aid}`))} />
            ))
          : null}
      </dl>
    </section>
  );
}

function AggirView(props: { dossier: DraftDossier; heading?: boolean }) {
  const code = (path: string) => text(valueAt(props.dossier, `autonomy.aggir.${path}`)) as AggirCode | undefined;
  const result = computeDossierGir(props.dossier);
  const rows = discriminantVariables.flatMap((variable) => {
    const label = discriminantVariableLabels[variable];
    if (!isComposite(variable)) return [{ label, code: code(`discriminant.${variable}`) }];
    const labels: Record<string, string> = subVariableLabels[variable];
    return subVariables[variable].map((sub) => ({
      label: `${label} — ${labels[sub] ?? sub}`,
      code: code(`discriminant.${variable}.${sub}`),
    }));
  });
  const illustrative = illustrativeVariables
    .map((variable) => ({ label: illustrativeVariableLabels[variable], code: code(`illustrative.${variable}`) }))
    .filter((row) => row.code);
  return (
    <>
      {props.heading === false ? null : <h3 class="fr-h5">Grille AGGIR</h3>}
      {result ? (
        <GirSummary gir={result.gir} />
      ) : (
        <p>Grille incomplète : le GIR sera calculé une fois toutes les variables discriminantes cotées.</p>
      )}
      <DataTable caption="Cotations de la grille AGGIR" hideCaption columns={['Variable', 'Cotation']}>
        {[...rows, ...illustrative].map((row) => (
          <tr>
            <td>{row.label}</td>
            <td>{row.code ?? '—'}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function ClinicalView(props: { dossier: DraftDossier }) {
  const at = (path: string) => valueAt(props.dossier, `medical.clinical.${path}`);
  const days = text(at('expectedLengthOfStayDays'));
  return (
    <>
      <h3 class="fr-h5">Volet clinique</h3>
      <dl class="pc-dossier">
        <Entry term="Motif clinique de la demande" value={text(at('clinicalReason'))} />
        <Entry term="Soins attendus" value={text(at('expectedCare'))} />
        <Entry term="Degré d’urgence" value={labelOf(urgencies, at('urgency'))} />
        <Entry term="Durée de séjour prévue" value={days ? `${days} jours` : undefined} />
      </dl>
    </>
  );
}

/** The version a part reads as, when the page knows it. */
function partVersionNote(versions: PartVersions | undefined, part: DossierPart): string {
  const version = versions?.[part];
  return version ? ` (version ${version})` : '';
}

export type PartVersions = Partial<Record<DossierPart, number>>;

/**
 * The dossier to read, part by part as in the national dossier: administrative, autonomy (AGGIR
 * grid and GIR, grand âge: every party's) and medical (physicians only, an explicit note for
 * everyone else). The content is the read model's, already migrated to today's shape.
 */
export function DossierReadOnly(props: {
  dossier: DraftDossier;
  kind: FacilityKind;
  medicalPartVisible: boolean;
  autonomyPartVisible?: boolean;
  partVersions?: PartVersions;
}) {
  const { dossier } = props;
  const grandAge = pathwayOf(props.kind) === 'grand_age';
  return (
    <>
      <AdministrativeView
        dossier={dossier}
        kind={props.kind}
        version={partVersionNote(props.partVersions, 'administrative')}
      />
      {grandAge ? (
        <section aria-labelledby="vue-autonomie" class="fr-mb-6w">
          <h2 id="vue-autonomie" class="fr-h4">
            Volet autonomie (Grille AGGIR){partVersionNote(props.partVersions, 'autonomy')}
          </h2>
          {props.autonomyPartVisible === false ? (
            <p>Ce volet n’est pas consultable avec votre compte.</p>
          ) : (
            <AggirView dossier={dossier} heading={false} />
          )}
        </section>
      ) : null}
      <section aria-labelledby="vue-medical" class="fr-mb-6w">
        <h2 id="vue-medical" class="fr-h4">
          Volet médical{props.medicalPartVisible ? partVersionNote(props.partVersions, 'medical') : ''}
        </h2>
        {props.medicalPartVisible ? (
          <>
            <dl class="pc-dossier fr-mb-4w">
              {Object.entries(medicalTextLabels).map(([path, label]) => (
                <Entry term={label} value={text(valueAt(dossier, path))} />
              ))}
            </dl>
            {grandAge ? null : <ClinicalView dossier={dossier} />}
          </>
        ) : (
          <div class="fr-alert fr-alert--info">
            <h3 class="fr-alert__title">Volet médical réservé aux médecins</h3>
            <p>
              Ce volet contient des données de santé : seuls le médecin qui a fait la demande et le médecin
              coordonnateur de l’établissement peuvent le consulter. Rapprochez-vous de votre médecin coordonnateur.
            </p>
          </div>
        )}
      </section>
    </>
  );
}
