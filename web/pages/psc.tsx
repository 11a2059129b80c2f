import { loginCrumb } from '../components/breadcrumbs.ts';
import { PasswordField } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** The login page's way in for physicians, shown only when Pro Santé Connect is configured. */
export function PscLoginSection(props: { returnPath: string | undefined }) {
  const href = `/connexion/psc${props.returnPath ? `?retour=${encodeURIComponent(props.returnPath)}` : ''}`;
  return (
    <section class="fr-mb-5w" aria-labelledby="psc-title">
      <h2 id="psc-title" class="fr-h5">
        Médecins
      </h2>
      <p>
        Les médecins créent leur compte Parcours en s’identifiant avec Pro Santé Connect (carte CPS ou application
        e-CPS), puis se connectent de la même façon ou avec leur numéro RPPS et leur mot de passe.
      </p>
      <a class="fr-btn fr-btn--secondary fr-icon-shield-line fr-btn--icon-left" href={href}>
        S’identifier avec Pro Santé Connect
      </a>
      <p class="fr-hr-or fr-mt-3w">ou</p>
    </section>
  );
}

/** Why a Pro Santé Connect login or an enrolment could not go on, and the way back. */
export function PscProblemPage(props: { frame: PageFrame; message: string }) {
  return (
    <Layout
      title="Connexion avec Pro Santé Connect"
      frame={props.frame}
      breadcrumbs={[loginCrumb, { label: 'Pro Santé Connect' }]}
    >
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Connexion avec Pro Santé Connect</h1>
          <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <p>{props.message}</p>
          </div>
          <a class="fr-btn" href="/connexion">
            Retour à la connexion
          </a>
        </div>
      </div>
    </Layout>
  );
}

/** The account creation form after PSC: identity read-only, e-mail and password asked. */
export function EnrolmentPage(props: {
  frame: PageFrame;
  csrf: string;
  displayName: string;
  rpps: string;
  email?: string;
  minimumLength: number;
  error?: string | undefined;
}) {
  return (
    <Layout title="Création de votre compte" frame={props.frame}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Créer votre compte Parcours</h1>
          <p>
            Pro Santé Connect vous a identifié. Choisissez l’adresse e-mail où recevoir les notifications et les codes
            de connexion, et un mot de passe pour vous connecter aussi sans carte CPS ni e-CPS.
          </p>
          {props.error ? (
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
              <p>{props.error}</p>
            </div>
          ) : null}
          <form method="post" action="/inscription">
            <input type="hidden" name="csrf" value={props.csrf} />
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Identité transmise par Pro Santé Connect</legend>
              <div class="fr-fieldset__element">
                <div class="fr-input-group">
                  <label class="fr-label" for="displayName">
                    Nom
                  </label>
                  <input class="fr-input" id="displayName" value={props.displayName} readonly />
                </div>
              </div>
              <div class="fr-fieldset__element">
                <div class="fr-input-group">
                  <label class="fr-label" for="rpps">
                    Numéro RPPS
                  </label>
                  <input class="fr-input" id="rpps" value={props.rpps} readonly />
                </div>
              </div>
            </fieldset>
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Vos informations de connexion</legend>
              <div class="fr-fieldset__element">
                <div class="fr-input-group">
                  <label class="fr-label" for="email">
                    Adresse e-mail
                    <span class="fr-hint-text">Un lien de confirmation y sera envoyé.</span>
                  </label>
                  <input
                    class="fr-input"
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    required
                    value={props.email ?? ''}
                  />
                </div>
              </div>
              <div class="fr-fieldset__element">
                <PasswordField
                  id="password"
                  label="Mot de passe"
                  autocomplete="new-password"
                  minimumLength={props.minimumLength}
                />
              </div>
              <div class="fr-fieldset__element">
                <PasswordField id="confirmation" label="Confirmation du mot de passe" autocomplete="new-password" />
              </div>
            </fieldset>
            <button type="submit" class="fr-btn">
              Créer mon compte
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
}
