import type { Child } from 'hono/jsx';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { aidStatuses, familySituations, legalProtectionMeasures, stayTypes } from '../../domain/referral/dossier.ts';
import { consentHowLabels, isPhysicianPart } from '../../domain/referral/family.ts';
import { ConfirmationModal } from '../components/confirmation.tsx';
import { formatDateTime } from '../components/dates.ts';
import { InfoRequestForms, RequesterTasks } from '../components/requester-panels.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

const crumbs = (label: string) => [{ label: 'Mon espace', href: '/' }, { label }];

function Select(props: { id: string; label: string; options: Record<string, string>; hint?: string }) {
  return (
    <div class="fr-select-group">
      <label class="fr-label" for={props.id}>
        {props.label}
        {props.hint ? <span class="fr-hint-text">{props.hint}</span> : null}
      </label>
      <select class="fr-select" id={props.id} name={props.id}>
        <option value="">Je ne sais pas encore</option>
        {Object.entries(props.options).map(([value, label]) => (
          <option value={value}>{label}</option>
        ))}
      </select>
    </div>
  );
}

function Input(props: {
  id: string;
  label: string;
  type?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
}) {
  return (
    <div class="fr-input-group">
      <label class="fr-label" for={props.id}>
        {props.label}
        {props.hint ? <span class="fr-hint-text">{props.hint}</span> : null}
      </label>
      <input
        class="fr-input"
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        {...(props.autocomplete ? { autocomplete: props.autocomplete } : {})}
        {...(props.required ? { required: true } : {})}
      />
    </div>
  );
}

/**
 * « Nouvelle demande » of the espace particulier: the person (oneself or a relative) and the
 * administrative part of the national dossier, in one column, plain words, a plain form.
 */
export function NewFamilyRequestPage(props: {
  frame: PageFrame;
  csrf: string;
  error?: string | undefined;
  /** A professional creating it on the person's behalf: her consent is recorded first. */
  assisted?: boolean;
}) {
  const title = props.assisted ? 'Nouvelle demande pour une personne accompagnée' : 'Nouvelle demande';
  return (
    <Layout title={title} frame={props.frame} breadcrumbs={crumbs(title)}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>{title}</h1>
          {props.assisted ? (
            <p>
              Vous créez la demande au nom de la personne, avec son accord. Vous inviterez ensuite un proche référent,
              qui la reprendra ; votre accès s’arrête alors, sauf s’il choisit de le garder. Le médecin traitant
              complétera la partie médicale : vous ne la verrez pas.
            </p>
          ) : (
            <p>
              Pour vous-même ou pour un proche. Le médecin traitant complétera ensuite la partie médicale : vous ne la
              verrez pas.
            </p>
          )}
          {props.error ? (
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
              <p>{props.error}</p>
            </div>
          ) : null}
          <form
            method="post"
            action={props.assisted ? '/demandes-accompagnees/nouvelle' : '/particulier/demandes/nouvelle'}
          >
            <input type="hidden" name="csrf" value={props.csrf} />
            {props.assisted ? (
              <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend">L’accord de la personne</legend>
                <Input
                  id="consentGivenBy"
                  label="Qui a donné son accord"
                  hint="La personne elle-même, ou son représentant légal"
                  required
                />
                <Input id="consentGivenOn" label="Le" type="date" required />
                <div class="fr-select-group">
                  <label class="fr-label" for="consentHow">
                    Comment
                  </label>
                  <select class="fr-select" id="consentHow" name="consentHow" required>
                    {Object.entries(consentHowLabels).map(([value, label]) => (
                      <option value={value}>{label}</option>
                    ))}
                  </select>
                </div>
              </fieldset>
            ) : null}
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">La personne qui entrera en établissement</legend>
              <Input id="lastName" label="Nom" required autocomplete="family-name" />
              <Input id="firstName" label="Prénom" required autocomplete="given-name" />
              <Input id="birthDate" label="Date de naissance" type="date" required />
              <div class="fr-select-group">
                <label class="fr-label" for="sex">
                  Sexe
                </label>
                <select class="fr-select" id="sex" name="sex" required>
                  <option value="female">Femme</option>
                  <option value="male">Homme</option>
                </select>
              </div>
              <Input id="street" label="Adresse (numéro et rue)" autocomplete="address-line1" required />
              <Input
                id="postcode"
                label="Code postal"
                hint="5 chiffres, par exemple 69003"
                autocomplete="postal-code"
                required
              />
              <Input id="commune" label="Commune" autocomplete="address-level2" required />
              <Select id="familySituation" label="Situation familiale" options={familySituations} />
              <Select id="stayType" label="Type de séjour souhaité" options={stayTypes} />
              <Input id="desiredEntryDate" label="Date d’entrée souhaitée" type="date" />
              <Select id="legalProtection" label="Mesure de protection juridique" options={legalProtectionMeasures} />
            </fieldset>
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">La personne à contacter</legend>
              <Input id="contactName" label="Nom et prénom" autocomplete="name" />
              <Input id="contactRelationship" label="Lien avec la personne" hint="Par exemple : fille, fils, voisin" />
              <Input id="contactPhone" label="Téléphone" type="tel" autocomplete="tel" />
            </fieldset>
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Aides financières prévues</legend>
              <Select id="apa" label="Allocation personnalisée d’autonomie (APA)" options={aidStatuses} />
              <Select id="accommodationSocialAid" label="Aide sociale à l’hébergement" options={aidStatuses} />
              <Select id="housingAid" label="Aide au logement (APL, ALS)" options={aidStatuses} />
            </fieldset>
            <button class="fr-btn fr-btn--lg" type="submit">
              Créer la demande
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

/** Where the médecin traitant stands, from the request's story (its last physician event). */
export type PhysicianStatus = 'none' | 'designated' | 'completed' | 'declined';

export function physicianStatusOf(referral: ReferralDetail): PhysicianStatus {
  const last = referral.timeline
    .filter((entry) => entry.type.startsWith('physician.') && entry.type !== 'physician.reminded')
    .at(-1);
  if (last?.type === 'physician.designated') return 'designated';
  if (last?.type === 'physician.completed') return 'completed';
  if (last?.type === 'physician.declined') return 'declined';
  return 'none';
}

const physicianSentences: Record<PhysicianStatus, string> = {
  none: 'Aucun médecin traitant désigné pour l’instant.',
  designated: 'Le médecin traitant est prévenu : il doit compléter la partie médicale.',
  completed: 'Le médecin traitant a complété et validé sa partie du dossier.',
  declined: 'Le médecin désigné a indiqué ne pas être le médecin de la personne : désignez-en un autre.',
};

/** The physician search and its results, for the référent who created the request. */
export interface PhysicianChoice {
  csrf: string;
  q: string;
  /** The commune of practice typed, to narrow the search. */
  commune: string;
  /** Why the results are not what was asked (a commune not found, an RPPS with a wrong check digit). */
  note?: string | undefined;
  matches?: { id: string; displayName: string; commune: { name: string } | null }[] | undefined;
}

function DesignatePhysician(props: { caseId: string; choice: PhysicianChoice }) {
  const { caseId, choice } = props;
  return (
    <section aria-labelledby="designer-medecin">
      <h3 id="designer-medecin">Désigner le médecin traitant</h3>
      <form method="get" action={`/particulier/demandes/${caseId}`}>
        <div class="fr-input-group">
          <label class="fr-label" for="medecin">
            Nom du médecin ou son numéro RPPS
            <span class="fr-hint-text">Le numéro RPPS (11 chiffres) figure sur ses ordonnances.</span>
          </label>
          <input class="fr-input" id="medecin" name="medecin" value={choice.q} />
        </div>
        <div class="fr-input-group">
          <label class="fr-label" for="commune-medecin">
            Commune où il exerce (facultatif)
          </label>
          <input class="fr-input" id="commune-medecin" name="commune-medecin" value={choice.commune} />
        </div>
        <button class="fr-btn fr-btn--secondary" type="submit">
          Rechercher
        </button>
      </form>
      {choice.note ? <p class="fr-mt-2w fr-error-text">{choice.note}</p> : null}
      {choice.matches ? (
        choice.matches.length === 0 ? (
          <p class="fr-mt-2w">Aucun médecin inscrit ne porte ce nom.</p>
        ) : (
          <ul class="fr-raw-list fr-mt-2w">
            {choice.matches.map((match) => (
              <li class="fr-mb-1w">
                <form method="post" action={`/particulier/demandes/${caseId}/medecin`}>
                  <input type="hidden" name="csrf" value={choice.csrf} />
                  <input type="hidden" name="physicianId" value={match.id} />
                  {match.displayName}
                  {match.commune ? ` (${match.commune.name})` : ''}{' '}
                  <button class="fr-btn fr-btn--sm" type="submit">
                    Désigner ce médecin
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}

/** What is still missing, said by whose part it is: hers (the administrative part) or the physician's. */
function MissingParts(props: { referral: ReferralDetail }) {
  const { referral } = props;
  const hers = referral.dossier.missingParts.filter((part) => !isPhysicianPart(part.path));
  const his = referral.dossier.missingParts.filter((part) => isPhysicianPart(part.path));
  return (
    <>
      <p>Le dossier n’est pas encore complet.</p>
      {hers.length > 0 ? (
        <>
          <p class="fr-mb-1v">À compléter par vous :</p>
          <ul>
            {hers.map((part) => (
              <li>{part.label}</li>
            ))}
          </ul>
          <p>
            <a class="fr-link" href={`/demandes/${referral.id}/brouillon/administratif`}>
              Compléter la partie administrative
            </a>
          </p>
        </>
      ) : null}
      {his.length > 0 ? (
        <p>Le médecin traitant complète la partie médicale et la grille d’autonomie ; vous ne les verrez pas.</p>
      ) : null}
    </>
  );
}

function InvitePhysician(props: { caseId: string; csrf: string }) {
  return (
    <form method="post" action={`/particulier/demandes/${props.caseId}/medecin`} class="fr-mt-3w">
      <input type="hidden" name="csrf" value={props.csrf} />
      <div class="fr-input-group">
        <label class="fr-label" for="invitedEmail">
          Votre médecin n’est pas inscrit ? Son adresse e-mail
          <span class="fr-hint-text">Il reçoit une invitation et trouvera le dossier en s’inscrivant.</span>
        </label>
        <input class="fr-input" id="invitedEmail" name="invitedEmail" type="email" autocomplete="off" />
      </div>
      <button class="fr-btn fr-btn--secondary" type="submit">
        Inviter ce médecin
      </button>
    </form>
  );
}

/** One family request as its référents follow it: its number, where it stands, each facility's answer. */
export function FamilyRequestPage(props: {
  frame: PageFrame;
  referral: ReferralDetail;
  created?: boolean;
  notice?: string | undefined;
  /** Present for the référent who may designate the physician now. */
  physicianChoice?: PhysicianChoice | undefined;
  /** The invitation sections (web/routes/family-invitations.tsx): the assisting professional, inviting a relative. */
  children?: Child;
}) {
  const { referral } = props;
  const physician = physicianStatusOf(referral);
  const complete = referral.dossier.missingParts.length === 0;
  const title = `Demande pour ${referral.patient.firstName} ${referral.patient.lastName}`;
  const choosing = props.physicianChoice && (physician === 'none' || physician === 'declined');
  return (
    <Layout title={title} frame={props.frame} breadcrumbs={crumbs(`Dossier n° ${referral.dossierNumber ?? ''}`)}>
      {props.created ? (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p>La demande est créée. Désignez maintenant le médecin traitant qui complétera la partie médicale.</p>
        </div>
      ) : null}
      {props.notice ? (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      <h1>{title}</h1>
      <p class="fr-text--lead fr-mb-1w">Dossier n° {referral.dossierNumber}</p>
      <p>
        <span class="fr-badge fr-badge--info fr-badge--no-icon">{referral.statusLabel}</span>
      </p>
      <h2>Le dossier</h2>
      {complete ? (
        <>
          <p class="fr-badge fr-badge--success">Dossier complet</p>
          {referral.dossier.gir ? (
            <p class="fr-mt-2w">GIR {referral.dossier.gir}, communiqué par le médecin traitant.</p>
          ) : null}
          {referral.status === 'draft' && props.physicianChoice ? (
            <p class="fr-mt-2w">
              <a
                class="fr-btn fr-icon-arrow-right-line fr-btn--icon-right"
                href={`/particulier/demandes/${referral.id}/etablissements`}
              >
                Choisir les établissements
              </a>
            </p>
          ) : null}
        </>
      ) : (
        <MissingParts referral={referral} />
      )}
      <h2>Médecin traitant</h2>
      <p>{physicianSentences[physician]}</p>
      {choosing && props.physicianChoice ? (
        <>
          <DesignatePhysician caseId={referral.id} choice={props.physicianChoice} />
          <InvitePhysician caseId={referral.id} csrf={props.physicianChoice.csrf} />
        </>
      ) : null}
      {referral.status === 'draft' ? (
        <>
          <h2>Établissements</h2>
          <p>
            {complete
              ? 'Choisissez les établissements : la demande leur est envoyée en même temps.'
              : 'Vous choisirez les établissements une fois le dossier complet.'}
          </p>
        </>
      ) : (
        <>
          <InfoRequestForms referral={referral} />
          <RequesterTasks referral={referral} />
        </>
      )}
      {props.children}
      <h2>Ce qui s’est passé</h2>
      <ul>
        {referral.timeline.map((entry) => (
          <li>
            {formatDateTime(entry.at)} — {entry.label}
          </li>
        ))}
      </ul>
      <ConfirmationModal />
    </Layout>
  );
}

/** The physician's « Dossiers à compléter »: the families' requests waiting for their part. */
export function DossiersToCompletePage(props: {
  frame: PageFrame;
  items: {
    id: string;
    dossierNumber: string;
    personName: string;
    birthDate: string;
    designatedAt: string;
    href: string;
  }[];
  notice?: string | undefined;
}) {
  return (
    <Layout title="Dossiers à compléter" frame={props.frame} breadcrumbs={[{ label: 'Dossiers à compléter' }]}>
      {props.notice ? (
        <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
          <p>{props.notice}</p>
        </div>
      ) : null}
      <h1>Dossiers à compléter</h1>
      <p>Les familles qui vous ont désigné comme médecin traitant attendent le volet médical et la grille AGGIR.</p>
      {props.items.length === 0 ? (
        <p>Aucun dossier ne vous attend.</p>
      ) : (
        <ul>
          {props.items.map((item) => (
            <li>
              <a class="fr-link" href={item.href}>
                {item.personName} — dossier n° {item.dossierNumber}
              </a>{' '}
              <span class="fr-text--xs">désigné le {formatDateTime(item.designatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
