import type { ReferralDetail } from '../../api/referrals/views.ts';
import type { CguVersion } from '../../domain/identity/cgu.ts';
import { formatCalendarDate, formatDateTime } from '../components/dates.ts';
import { DisplayNameField, PasswordField } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** What an invitation's page shows: the dossier number and who invites, never anything about the person. */
export interface InvitationSummary {
  token: string;
  reference: string;
  inviterName: string;
  /** The first référent of a request a professional created chooses whether the professional keeps following it. */
  assisted: boolean;
}

function ErrorAlert(props: { message: string | undefined }) {
  return props.message ? (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <p>{props.message}</p>
    </div>
  ) : null;
}

function KeepAssistance(props: { inviterName: string }) {
  return (
    <div class="fr-checkbox-group fr-mb-3w">
      <input type="checkbox" id="garder" name="garder" value="oui" />
      <label class="fr-label" for="garder">
        {`${props.inviterName} peut continuer à suivre la demande avec moi`}
        <span class="fr-hint-text">Sans cette case, son accès à la demande s’arrête dès maintenant.</span>
      </label>
    </div>
  );
}

/**
 * A référent invitation (/invitation/famille?jeton=…): signed in with a particulier account, one
 * button; otherwise the account to create (name, password, CGU) with the invitation's address.
 */
export function ReferentInvitationPage(props: {
  frame: PageFrame;
  csrf: string;
  invitation: InvitationSummary | undefined;
  signedIn: boolean;
  cgu: CguVersion;
  minimumLength: number;
  displayName?: string;
  error?: string | undefined;
}) {
  const { invitation } = props;
  return (
    <Layout title="Invitation à suivre une demande" frame={props.frame}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>Suivre une demande d’admission</h1>
          <ErrorAlert message={props.error} />
          {invitation ? (
            <>
              <p class="fr-text--lead fr-mb-1w">
                {invitation.inviterName} vous invite à suivre une demande d’admission, comme référent.
              </p>
              <p>
                <strong>{invitation.reference}</strong>
              </p>
              <form method="post" action="/invitation/famille">
                <input type="hidden" name="csrf" value={props.csrf} />
                <input type="hidden" name="jeton" value={invitation.token} />
                {invitation.assisted ? <KeepAssistance inviterName={invitation.inviterName} /> : null}
                {props.signedIn ? (
                  <button type="submit" class="fr-btn">
                    Suivre cette demande
                  </button>
                ) : (
                  <>
                    <p>
                      Vous avez déjà un compte de l’espace particulier ? <a href="/connexion">Connectez-vous</a>, puis
                      ouvrez à nouveau le lien reçu par e-mail. Sinon, créez votre compte :
                    </p>
                    <input type="hidden" name="version" value={props.cgu.version} />
                    <DisplayNameField label="Prénom et nom" value={props.displayName} />
                    <PasswordField
                      id="password"
                      label="Mot de passe"
                      autocomplete="new-password"
                      minimumLength={props.minimumLength}
                    />
                    <div class="fr-checkbox-group fr-mb-3w">
                      <input type="checkbox" id="cgu" name="cgu" value="oui" required />
                      <label class="fr-label" for="cgu">
                        J’ai lu et j’accepte les <a href="/connexion/cgu">conditions générales d’utilisation</a>
                      </label>
                    </div>
                    <button type="submit" class="fr-btn">
                      Créer mon compte et suivre la demande
                    </button>
                  </>
                )}
              </form>
            </>
          ) : (
            <p>Ce lien d’invitation n’est pas valable : il a expiré, a déjà servi ou a été remplacé.</p>
          )}
        </div>
      </div>
    </Layout>
  );
}

/**
 * A physician's invitation (/invitation/medecin?jeton=…): signed in as a physician, one button
 * attaches the dossier; otherwise how to join through Pro Santé Connect.
 */
export function PhysicianInvitationPage(props: {
  frame: PageFrame;
  csrf: string;
  invitation: InvitationSummary | undefined;
  signedInAsPhysician: boolean;
  error?: string | undefined;
}) {
  const { invitation } = props;
  return (
    <Layout title="Invitation du médecin traitant" frame={props.frame}>
      <h1>Un dossier attend votre volet médical</h1>
      <ErrorAlert message={props.error} />
      {invitation ? (
        <>
          <p class="fr-text--lead fr-mb-1w">
            {invitation.inviterName} vous a désigné(e) comme médecin traitant pour une demande d’admission.
          </p>
          <p>
            <strong>{invitation.reference}</strong>
          </p>
          {props.signedInAsPhysician ? (
            <form method="post" action="/invitation/medecin">
              <input type="hidden" name="csrf" value={props.csrf} />
              <input type="hidden" name="jeton" value={invitation.token} />
              <button type="submit" class="fr-btn">
                Ajouter ce dossier à « Dossiers à compléter »
              </button>
            </form>
          ) : (
            <>
              <p>
                Créez votre compte avec Pro Santé Connect (carte CPS ou e-CPS) en indiquant l’adresse e-mail où vous
                avez reçu l’invitation : le dossier vous attendra dans « Dossiers à compléter ». Si vous avez déjà un
                compte, connectez-vous, puis ouvrez à nouveau le lien reçu par e-mail.
              </p>
              <a class="fr-btn" href="/connexion/psc">
                S’identifier avec Pro Santé Connect
              </a>
            </>
          )}
        </>
      ) : (
        <p>Ce lien d’invitation n’est pas valable : il a expiré, a déjà servi ou a été remplacé.</p>
      )}
    </Layout>
  );
}

/** On a request's page: invite another référent by e-mail (a separate form, posted to its own route). */
export function InviteReferentForm(props: {
  caseId: string;
  csrf: string;
  error?: string | undefined;
  pending: { id: string; email: string; invitedBy: string; expiresAt: string }[];
}) {
  return (
    <section class="fr-mb-4w">
      <h2>Inviter un proche</h2>
      <p>Un proche que vous invitez suit la demande avec vous. Il reçoit un lien par e-mail.</p>
      <ErrorAlert message={props.error} />
      {props.pending.length > 0 ? (
        <>
          <p class="fr-mb-1v">Invitations en attente de réponse :</p>
          <ul class="fr-raw-list fr-mb-3w">
            {props.pending.map((invitation) => (
              <li class="fr-mb-1w">
                <form
                  method="post"
                  action={`/particulier/demandes/${props.caseId}/invitations/${invitation.id}/retirer`}
                >
                  <input type="hidden" name="csrf" value={props.csrf} />
                  {invitation.email} — invitée par {invitation.invitedBy}, lien valable jusqu’au{' '}
                  {formatDateTime(invitation.expiresAt)}{' '}
                  <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
                    Retirer l’invitation<span class="fr-sr-only"> de {invitation.email}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form method="post" action={`/particulier/demandes/${props.caseId}/inviter`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <div class="fr-input-group">
          <label class="fr-label" for="invite-email">
            Adresse e-mail du proche
          </label>
          <input class="fr-input" id="invite-email" name="email" type="email" autocomplete="off" required />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Envoyer l’invitation
        </button>
      </form>
    </section>
  );
}

/** A request a professional created for the person: who, and the consent they recorded. */
export function AssistanceSummary(props: {
  caseId: string;
  assistance: NonNullable<ReferralDetail['assistance']>;
  /** For a référent while the professional still follows it: the form that ends their access. */
  endCsrf?: string | undefined;
}) {
  const { assistance } = props;
  return (
    <section class="fr-mb-4w">
      <h2>Demande créée par un professionnel</h2>
      <p>
        {assistance.professional.displayName} a créé cette demande avec l’accord de {assistance.consent.givenBy} (
        {assistance.consent.howLabel.toLowerCase()}, le {formatCalendarDate(assistance.consent.givenOn)}).
      </p>
      <p>
        {assistance.endedAt
          ? 'Ce professionnel ne suit plus la demande.'
          : 'Ce professionnel suit la demande avec vous.'}
      </p>
      {props.endCsrf && !assistance.endedAt ? (
        <form method="post" action={`/particulier/demandes/${props.caseId}/accompagnement/fin`}>
          <input type="hidden" name="csrf" value={props.endCsrf} />
          <button type="submit" class="fr-btn fr-btn--tertiary">
            Mettre fin à son accès à la demande
          </button>
        </form>
      ) : null}
    </section>
  );
}
