import type { ReferralDetail } from '../../api/referrals/views.ts';
import type { AppError } from '../../domain/errors.ts';
import { ErrorAlert, InvalidFormAlert } from '../components/alerts.tsx';
import { formatCalendarDate } from '../components/dates.ts';
import { AggirFields, MedicalFields } from '../components/dossier-fields.tsx';
import type { DossierValues } from '../components/dossier-form.ts';
import type { FieldErrors } from '../components/form-data.ts';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';
import { duplicateLine, LiveGir } from './request-steps.tsx';

/** A professional request in progress for the same person, as the duplicate check tells the physician. */
export interface ProfessionalDuplicate {
  id?: string;
  requesterName: string;
  kind: string;
  status: string;
  createdAt: string;
}

export function professionalDuplicatesOf(error: AppError | undefined): ProfessionalDuplicate[] {
  if (error?.code !== 'referral.possible_professional_duplicate') return [];
  const found = (error.details as { referrals?: unknown } | undefined)?.referrals;
  if (!Array.isArray(found)) return [];
  return found.map((row) => ({
    ...(typeof row?.id === 'string' ? { id: row.id } : {}),
    requesterName: String(row?.requesterName ?? ''),
    kind: String(row?.kind ?? ''),
    status: String(row?.status ?? ''),
    createdAt: row?.createdAt instanceof Date ? row.createdAt.toISOString() : String(row?.createdAt ?? ''),
  }));
}

function ProfessionalDuplicateAlert(props: { error: AppError; duplicates: ProfessionalDuplicate[] }) {
  return (
    <div class="fr-alert fr-alert--warning fr-mb-4w" role="alert">
      <h2 class="fr-alert__title">Une demande faite par un professionnel est en cours pour cette personne</h2>
      <p>{props.error.message}</p>
      <ul>
        {props.duplicates.map((duplicate) => {
          return (
            <li>
              {duplicateLine(duplicate)}, par {duplicate.requesterName}
              {duplicate.id ? (
                <>
                  {' '}
                  — <a href={`/demandes/${duplicate.id}`}>ouvrir votre demande</a>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      <button
        type="submit"
        form="etape-dossier"
        name="confirmNotDuplicate"
        value="1"
        class="fr-btn fr-btn--secondary fr-mt-1w"
      >
        Valider quand même
      </button>
    </div>
  );
}

/**
 * The médecin traitant's part of a family request: the medical part and the AGGIR grid (the GIR
 * computed as it is coded), then « Valider le dossier »; the family is told, without any medical
 * detail. Or « Je ne suis pas le médecin de cette personne ».
 */
export function PhysicianCompletionPage(props: {
  frame: PageFrame;
  referral: ReferralDetail;
  csrf: string;
  values: DossierValues;
  errors: FieldErrors;
  error?: AppError | undefined;
  gir: { value: number | undefined; coded: number; total: number };
  shareGir: boolean;
}) {
  const { referral, errors } = props;
  const invalid = Object.keys(errors).length > 0;
  const duplicates = professionalDuplicatesOf(props.error);
  const number = referral.dossierNumber ?? '';
  const person = `${referral.patient.firstName} ${referral.patient.lastName}`;
  const fields = { values: props.values, errors };
  return (
    <Layout
      title={`${props.error || invalid ? 'Erreur : ' : ''}Compléter le dossier n° ${number}`}
      frame={props.frame}
      breadcrumbs={[
        { label: 'Dossiers à compléter', href: '/medecin/dossiers-a-completer' },
        { label: `Dossier n° ${number}` },
      ]}
    >
      <h1>Volet médical et grille AGGIR</h1>
      <p class="fr-text--lead fr-mb-1w">
        {person}, née ou né le {formatCalendarDate(referral.patient.birthDate)}
      </p>
      <p>
        Dossier n° {number} · {referral.kindLabel} · demande faite par {referral.requester.displayName}, qui vous a
        désigné comme médecin traitant. La famille ne voit jamais ce que vous écrivez ici ; le GIR seulement si vous le
        partagez.
      </p>
      {duplicates.length > 0 && props.error ? (
        <ProfessionalDuplicateAlert error={props.error} duplicates={duplicates} />
      ) : props.error ? (
        <ErrorAlert error={props.error} />
      ) : invalid ? (
        <InvalidFormAlert />
      ) : null}
      <form method="post" action={`/medecin/dossiers/${referral.id}/valider`} id="etape-dossier" novalidate>
        <input type="hidden" name="csrf" value={props.csrf} />
        <MedicalFields {...fields} heading="Volet médical" />
        <AggirFields {...fields} heading="Grille AGGIR (volet autonomie)" />
        <LiveGir
          gir={props.gir.value}
          coded={props.gir.coded}
          total={props.gir.total}
          caseId={referral.id}
          url={`/medecin/dossiers/${referral.id}/gir`}
        />
        <div class="fr-checkbox-group fr-mb-4w">
          <input
            type="checkbox"
            id="shareGir"
            name="shareGir"
            value="1"
            {...(props.shareGir ? { checked: true } : {})}
          />
          <label class="fr-label" for="shareGir">
            Partager le GIR avec la famille
            <span class="fr-hint-text">
              Elle voit alors le GIR calculé, jamais la grille ni le volet médical. Il l’aide à estimer le coût mensuel.
            </span>
          </label>
        </div>
        <button type="submit" class="fr-btn fr-icon-check-line fr-btn--icon-left">
          Valider le dossier
        </button>
      </form>
      <section class="fr-mt-6w" aria-labelledby="pas-mon-patient">
        <h2 id="pas-mon-patient" class="fr-h6">
          Ce n’est pas votre patient ?
        </h2>
        <form method="post" action={`/medecin/dossiers/${referral.id}/decliner`}>
          <input type="hidden" name="csrf" value={props.csrf} />
          <button type="submit" class="fr-btn fr-btn--tertiary">
            Je ne suis pas le médecin de cette personne
          </button>
        </form>
      </section>
      <script type="module" src="/static/parcours/gir-live.js" />
    </Layout>
  );
}
