import type { CguVersion } from '../../domain/identity/cgu.ts';
import { loginCrumb } from '../components/breadcrumbs.ts';
import { formatCalendarDate } from '../components/dates.ts';
import { DisplayNameField, PasswordField } from '../components/fields.tsx';
import { PasskeyLogin } from '../components/passkey-login.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';
import { PscLoginSection } from './psc.tsx';

function ErrorAlert(props: { message: string | undefined }) {
  return props.message ? (
    <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
      <p>{props.message}</p>
    </div>
  ) : null;
}

function Hidden(props: { csrf: string; returnPath: string | undefined }) {
  return (
    <>
      <input type="hidden" name="csrf" value={props.csrf} />
      {props.returnPath ? <input type="hidden" name="retour" value={props.returnPath} /> : null}
    </>
  );
}

export function LoginPage(props: {
  frame: PageFrame;
  csrf: string;
  returnPath: string | undefined;
  identifier?: string;
  error?: string | undefined;
  notice?: string | undefined;
  /** Pro Santé Connect is configured: its button comes first. */
  psc?: boolean;
}) {
  return (
    <Layout title="Connexion" frame={props.frame}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Connexion à Parcours</h1>
          <ErrorAlert message={props.error} />
          {props.notice ? (
            <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
              <p>{props.notice}</p>
            </div>
          ) : null}
          {props.psc ? <PscLoginSection returnPath={props.returnPath} /> : null}
          <form method="post" action="/connexion">
            <Hidden csrf={props.csrf} returnPath={props.returnPath} />
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Vos identifiants</legend>
              <div class="fr-fieldset__element">
                <div class="fr-input-group">
                  <label class="fr-label" for="identifier">
                    Numéro RPPS ou adresse e-mail
                    <span class="fr-hint-text">
                      Médecins : votre numéro RPPS (11 chiffres). Autres professionnels et particuliers : votre adresse
                      e-mail.
                    </span>
                  </label>
                  <input
                    class="fr-input"
                    id="identifier"
                    name="identifier"
                    autocomplete="username"
                    required
                    value={props.identifier ?? ''}
                  />
                </div>
              </div>
              <div class="fr-fieldset__element">
                <PasswordField id="password" label="Mot de passe" autocomplete="current-password" />
              </div>
            </fieldset>
            <button type="submit" class="fr-btn">
              Se connecter
            </button>
          </form>
          <p class="fr-mt-3w">
            <a class="fr-link" href="/connexion/mot-de-passe-oublie">
              Mot de passe oublié ?
            </a>
          </p>
          <PasskeyLogin returnPath={props.returnPath} />
          <p class="fr-mt-3w">
            Vous faites une demande pour vous-même ou pour un proche, sans compte Parcours ?{' '}
            <a class="fr-link" href="/inscription">
              Créer mon compte
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function LoginCodePage(props: {
  frame: PageFrame;
  csrf: string;
  returnPath: string | undefined;
  error?: string | undefined;
  notice?: string | undefined;
}) {
  return (
    <Layout title="Code de connexion" frame={props.frame} breadcrumbs={[loginCrumb, { label: 'Code de connexion' }]}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Confirmez votre connexion</h1>
          <p>
            Cet appareil n’est pas encore reconnu, ou sa dernière confirmation est ancienne : un code à 6 chiffres vient
            de vous être envoyé par e-mail (ou par SMS, si vous l’avez choisi dans Mon compte). Il est valable 10
            minutes.
          </p>
          <ErrorAlert message={props.error} />
          {props.notice ? (
            <div class="fr-alert fr-alert--info fr-mb-3w">
              <p>{props.notice}</p>
            </div>
          ) : null}
          <form method="post" action="/connexion/code">
            <Hidden csrf={props.csrf} returnPath={props.returnPath} />
            <div class="fr-input-group">
              <label class="fr-label" for="code">
                Code reçu par e-mail ou par SMS
                <span class="fr-hint-text">6 chiffres</span>
              </label>
              <input
                class="fr-input"
                id="code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9]{6}"
                maxlength={6}
                required
              />
            </div>
            <button type="submit" class="fr-btn">
              Valider le code
            </button>
          </form>
          <form method="post" action="/connexion/code/renvoyer" class="fr-mt-3w">
            <Hidden csrf={props.csrf} returnPath={props.returnPath} />
            <button type="submit" class="fr-btn fr-btn--tertiary">
              Recevoir un nouveau code
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function CguPage(props: {
  frame: PageFrame;
  csrf: string;
  returnPath: string | undefined;
  cgu: CguVersion;
  accepted: boolean;
}) {
  return (
    <Layout
      title="Conditions générales d’utilisation"
      frame={props.frame}
      breadcrumbs={[loginCrumb, { label: 'Conditions générales d’utilisation' }]}
    >
      <h1>{props.cgu.title}</h1>
      <p class="fr-text--sm">Version du {formatCalendarDate(props.cgu.publishedOn)}</p>
      {props.cgu.sections.map((section) => (
        <section>
          <h2 class="fr-h4">{section.heading}</h2>
          {section.paragraphs.map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </section>
      ))}
      {props.accepted ? (
        <p class="fr-badge fr-badge--success">Vous avez accepté cette version.</p>
      ) : props.frame.actor ? (
        <form method="post" action="/connexion/cgu">
          <Hidden csrf={props.csrf} returnPath={props.returnPath} />
          <input type="hidden" name="version" value={props.cgu.version} />
          <button type="submit" class="fr-btn">
            J’ai lu et j’accepte ces conditions
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

export function ForgottenPasswordPage(props: {
  frame: PageFrame;
  csrf: string;
  identifier?: string;
  sent?: boolean;
  error?: string | undefined;
}) {
  return (
    <Layout
      title="Mot de passe oublié"
      frame={props.frame}
      breadcrumbs={[loginCrumb, { label: 'Mot de passe oublié' }]}
    >
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Mot de passe oublié</h1>
          <ErrorAlert message={props.error} />
          {props.sent ? (
            <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
              <p>
                Si un compte correspond à cet identifiant, un lien pour choisir un nouveau mot de passe vient d’être
                envoyé à son adresse e-mail. Il est valable une heure et ne sert qu’une fois.
              </p>
            </div>
          ) : null}
          <p>
            Indiquez votre identifiant : nous vous enverrons par e-mail un lien pour choisir un nouveau mot de passe.
          </p>
          <form method="post" action="/connexion/mot-de-passe-oublie">
            <Hidden csrf={props.csrf} returnPath={undefined} />
            <div class="fr-input-group">
              <label class="fr-label" for="identifier">
                Numéro RPPS ou adresse e-mail
              </label>
              <input
                class="fr-input"
                id="identifier"
                name="identifier"
                autocomplete="username"
                required
                value={props.identifier ?? ''}
              />
            </div>
            <button type="submit" class="fr-btn">
              Recevoir un lien
            </button>
          </form>
          <p class="fr-mt-3w">
            <a class="fr-link" href="/connexion">
              Retour à la connexion
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function NewPasswordPage(props: {
  frame: PageFrame;
  csrf: string;
  token: string;
  minimumLength: number;
  error?: string | undefined;
}) {
  return (
    <Layout
      title="Nouveau mot de passe"
      frame={props.frame}
      breadcrumbs={[loginCrumb, { label: 'Nouveau mot de passe' }]}
    >
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Choisir un nouveau mot de passe</h1>
          <ErrorAlert message={props.error} />
          <form method="post" action="/connexion/nouveau-mot-de-passe">
            <Hidden csrf={props.csrf} returnPath={undefined} />
            <input type="hidden" name="jeton" value={props.token} />
            <PasswordField
              id="password"
              label="Nouveau mot de passe"
              autocomplete="new-password"
              minimumLength={props.minimumLength}
            />
            <p class="fr-text--sm">Toutes vos sessions ouvertes seront fermées.</p>
            <button type="submit" class="fr-btn">
              Enregistrer le mot de passe
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}

export function EmailVerificationPage(props: { frame: PageFrame; verified: boolean; error?: string | undefined }) {
  return (
    <Layout
      title="Confirmation de l’adresse e-mail"
      frame={props.frame}
      breadcrumbs={[loginCrumb, { label: 'Confirmation de l’adresse e-mail' }]}
    >
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Confirmation de votre adresse e-mail</h1>
          {props.verified ? (
            <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
              <p>Merci : votre adresse e-mail est confirmée.</p>
            </div>
          ) : (
            <ErrorAlert message={props.error} />
          )}
          <p>
            {props.verified && !props.frame.actor ? (
              <a class="fr-btn" href="/connexion">
                Se connecter
              </a>
            ) : (
              <a class="fr-link" href="/">
                Retour à l’accueil
              </a>
            )}
          </p>
        </div>
      </div>
    </Layout>
  );
}

export function InvitationPage(props: {
  frame: PageFrame;
  csrf: string;
  token: string;
  cgu: CguVersion;
  minimumLength: number;
  displayName?: string;
  error?: string | undefined;
}) {
  return (
    <Layout title="Invitation" frame={props.frame}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>Créer votre compte Parcours</h1>
          <ErrorAlert message={props.error} />
          <form method="post" action="/invitation">
            <Hidden csrf={props.csrf} returnPath={undefined} />
            <input type="hidden" name="jeton" value={props.token} />
            <input type="hidden" name="version" value={props.cgu.version} />
            <DisplayNameField label="Prénom et nom" value={props.displayName} />
            <PasswordField
              id="password"
              label="Mot de passe"
              autocomplete="new-password"
              minimumLength={props.minimumLength}
            />
            <section class="fr-mb-3w">
              <h2 class="fr-h5">{props.cgu.title}</h2>
              {props.cgu.sections.map((section) => (
                <div>
                  <h3 class="fr-h6">{section.heading}</h3>
                  {section.paragraphs.map((paragraph) => (
                    <p class="fr-text--sm">{paragraph}</p>
                  ))}
                </div>
              ))}
            </section>
            <div class="fr-checkbox-group fr-mb-3w">
              <input type="checkbox" id="cgu" name="cgu" value="oui" required />
              <label class="fr-label" for="cgu">
                J’ai lu et j’accepte les conditions générales d’utilisation
              </label>
            </div>
            <button type="submit" class="fr-btn">
              Créer mon compte
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}
