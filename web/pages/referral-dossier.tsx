import type { DossierView, ReferralDetail } from '../../api/referrals/views.ts';
import { pathwayOf } from '../../domain/directory/facility-kinds.ts';
import type { AppError } from '../../domain/errors.ts';
import { caseReference } from '../../domain/messages/case-messages.ts';
import type { DraftDossier } from '../../domain/referral/dossier.ts';
import { sexLabels } from '../../domain/referral/patient.ts';
import { ErrorAlert, InvalidFormAlert, SuccessAlert } from '../components/alerts.tsx';
import { formatCalendarDate, formatDateTime } from '../components/dates.ts';
import { BirthNameField, DossierFields } from '../components/dossier-fields.tsx';
import { type DossierValues, partAnchor } from '../components/dossier-form.ts';
import { DossierReadOnly } from '../components/dossier-view.tsx';
import type { FieldErrors } from '../components/form-data.ts';
import { PageSummary } from '../components/page-summary.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

function dossierCrumbs(frame: PageFrame, referralId: string): Crumb[] {
  return [
    caseListCrumb(frame),
    { label: caseReference(referralId), href: `/demandes/${referralId}` },
    { label: 'Dossier' },
  ];
}

import { caseListCrumb } from '../components/breadcrumbs.ts';
import type { Crumb } from '../layout.tsx';

function patientName(referral: ReferralDetail): string {
  return `${referral.patient.lastName.toUpperCase()} ${referral.patient.firstName}`;
}

function BackLink(props: { referral: ReferralDetail }) {
  return (
    <p class="fr-mb-4w">
      <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href={`/demandes/${props.referral.id}`}>
        Retour à la demande
      </a>
    </p>
  );
}

export interface DossierEditPageProps {
  frame: PageFrame;
  referral: ReferralDetail;
  values: DossierValues;
  errors: FieldErrors;
  error?: AppError | undefined;
  notice?: string | undefined;
}

/** The requester completes or corrects the dossier; each save is a new version. */
export function DossierEditPage(props: DossierEditPageProps) {
  const { referral, errors } = props;
  const invalid = Object.keys(errors).length > 0;
  const { dossier } = referral;
  const grandAge = pathwayOf(referral.kind) === 'grand_age';
  const sex = sexLabels[referral.patient.sex as keyof typeof sexLabels] ?? referral.patient.sex;
  const sections: [string, string][] = [
    ['identite', 'Identité'],
    ['volet-administratif', 'Volet administratif'],
    ...((grandAge
      ? [
          ['grille-aggir', 'Volet autonomie (Grille AGGIR)'],
          ['volet-medical', 'Volet médical'],
        ]
      : [
          ['volet-medical', 'Volet médical'],
          ['volet-clinique', 'Volet clinique'],
        ]) as [string, string][]),
    ['enregistrer', 'Enregistrer'],
  ];
  return (
    <Layout
      title={`${invalid || props.error ? 'Erreur : ' : ''}Dossier — ${caseReference(referral.id)}`}
      frame={props.frame}
      breadcrumbs={dossierCrumbs(props.frame, referral.id)}
    >
      <h1 class="fr-mb-1w">Dossier de la personne</h1>
      <p class="fr-mb-1w">
        {caseReference(referral.id)} · {patientName(referral)} · {referral.kindLabel}
      </p>
      <p class="fr-text--sm fr-mb-2w">
        {dossier.version > 0 ? `Version enregistrée : ${dossier.version}.` : 'Aucune version enregistrée.'}
        {referral.status === 'draft'
          ? ' La demande est un brouillon : rien n’est envoyé aux établissements avant l’envoi.'
          : ' Chaque enregistrement crée une nouvelle version, signalée aux établissements sollicités.'}
      </p>
      <BackLink referral={referral} />
      {props.notice ? <SuccessAlert message={props.notice} /> : null}
      {props.error ? <ErrorAlert error={props.error} linkParts /> : invalid ? <InvalidFormAlert /> : null}
      {!props.error && dossier.missingParts.length > 0 ? (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-4w">
          <p>
            <strong>Parties à compléter avant l’envoi :</strong>
          </p>
          <ul class="fr-mb-0">
            {dossier.missingParts.map((part) => (
              <li>
                <a href={`#${partAnchor(part.path)}`}>{part.label}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <PageSummary sections={sections} />
      <form method="post" action={`/demandes/${referral.id}/dossier`} novalidate>
        {/* Enter in a field saves: the first submit button of the form is the default one. */}
        <button type="submit" name="action" value="enregistrer" hidden tabindex={-1} />
        <section aria-labelledby="identite" class="fr-mb-6w">
          <h2 id="identite" class="fr-h4">
            1. Identité
          </h2>
          <p>
            {patientName(referral)}, {referral.patient.sex === 'female' ? 'née' : 'né'} le{' '}
            {formatCalendarDate(referral.patient.birthDate)} · {sex}
            <br />
            <span class="fr-text--sm">L’identité est celle de la demande ; elle ne se modifie pas ici.</span>
          </p>
          <div class="fr-grid-row">
            <div class="fr-col-12 fr-col-md-6">
              <BirthNameField values={props.values} errors={errors} />
            </div>
          </div>
        </section>
        <DossierFields
          kind={referral.kind}
          values={props.values}
          errors={errors}
          firstSection={2}
          savedGir={dossier.gir}
        />
        <section aria-labelledby="enregistrer" class="fr-mb-6w">
          <h2 id="enregistrer" class="fr-h4">
            5. Enregistrer
          </h2>
          <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
            <li>
              <button
                type="submit"
                name="action"
                value="enregistrer"
                class={`fr-btn fr-icon-save-line${referral.status === 'draft' ? ' fr-btn--secondary' : ''}`}
              >
                Enregistrer le dossier
              </button>
            </li>
            {referral.status === 'draft' ? (
              <li>
                <button type="submit" name="action" value="envoyer" class="fr-btn fr-icon-send-plane-line">
                  Enregistrer et envoyer la demande
                </button>
              </li>
            ) : null}
          </ul>
        </section>
      </form>
    </Layout>
  );
}

/** Links to every version of the dossier, the one shown marked as current page. */
function Versions(props: { referral: ReferralDetail; shown: number }) {
  const count = props.referral.dossier.version;
  if (count < 2) return null;
  const versions = Array.from({ length: count }, (_, index) => index + 1);
  return (
    <nav aria-label="Versions du dossier" class="fr-mb-4w">
      <p class="fr-text--sm fr-mb-1v">Versions du dossier :</p>
      <ul class="fr-tags-group">
        {versions.map((version) => (
          <li>
            <a
              class="fr-tag fr-tag--sm"
              href={`/demandes/${props.referral.id}/dossier${version === count ? '' : `?version=${version}`}`}
              aria-current={version === props.shown ? 'page' : undefined}
            >
              Version {version}
              {version === count ? ' (actuelle)' : ''}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The dossier to read, as it is (or was, in an older version), part by part; the medical part for physicians only. */
export function DossierViewPage(props: { frame: PageFrame; referral: ReferralDetail; dossier: DossierView }) {
  const { referral, dossier } = props;
  const current = dossier.version === referral.dossier.version;
  return (
    <Layout
      title={`Dossier — ${caseReference(referral.id)}`}
      frame={props.frame}
      breadcrumbs={dossierCrumbs(props.frame, referral.id)}
    >
      <h1 class="fr-mb-1w">Dossier de la personne</h1>
      <p class="fr-mb-1w">
        {caseReference(referral.id)} · {patientName(referral)} · {referral.kindLabel}
      </p>
      <p class="fr-text--sm fr-mb-2w">
        {dossier.version > 0
          ? `Version ${dossier.version}${current ? ' (actuelle)' : ''}${dossier.createdAt ? `, enregistrée le ${formatDateTime(dossier.createdAt)}` : ''}.`
          : 'Aucune version du dossier n’est enregistrée.'}
      </p>
      <BackLink referral={referral} />
      {!current && dossier.version > 0 ? (
        <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-4w">
          <p>
            Ceci est une version ancienne du dossier.{' '}
            <a href={`/demandes/${referral.id}/dossier`}>Voir la version actuelle ({referral.dossier.version})</a>
          </p>
        </div>
      ) : null}
      <Versions referral={referral} shown={dossier.version} />
      <DossierReadOnly
        dossier={dossier.content as DraftDossier}
        kind={referral.kind}
        medicalPartVisible={dossier.medicalPartVisible}
        autonomyPartVisible={dossier.autonomyPartVisible}
        partVersions={Object.fromEntries(dossier.parts.map((part) => [part.part, part.version]))}
      />
    </Layout>
  );
}
