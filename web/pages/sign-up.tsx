import type { CguVersion } from '../../domain/identity/cgu.ts';
import { DisplayNameField, PasswordField } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** The fields as typed, shown again after a refusal (never the password). */
export interface SignUpValues {
  email?: string;
  displayName?: string;
  cguAccepted?: boolean;
}

/**
 * « Créer mon compte » of the espace particulier: one column, big fields, plain words (made for a
 * phone first); a plain form, so it works without JavaScript.
 */
export function SignUpPage(props: {
  frame: PageFrame;
  csrf: string;
  cgu: CguVersion;
  minimumLength: number;
  values?: SignUpValues;
  error?: string | undefined;
}) {
  const values = props.values ?? {};
  return (
    <Layout title="Créer mon compte" frame={props.frame} breadcrumbs={[{ label: 'Créer mon compte' }]}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Créer mon compte</h1>
          <p>
            Ce compte sert à faire une demande d’entrée en établissement pour vous-même ou pour un proche, puis à la
            suivre. Il est gratuit.
          </p>
          {props.error ? (
            <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
              <p>{props.error}</p>
            </div>
          ) : null}
          <form method="post" action="/inscription">
            <input type="hidden" name="csrf" value={props.csrf} />
            <input type="hidden" name="formulaire" value="particulier" />
            <input type="hidden" name="version" value={props.cgu.version} />
            <div class="fr-input-group">
              <label class="fr-label" for="email">
                Votre adresse e-mail
                <span class="fr-hint-text">
                  Vous recevrez un e-mail pour la confirmer. Elle vous servira aussi à vous connecter.
                </span>
              </label>
              <input
                class="fr-input"
                id="email"
                name="email"
                type="email"
                inputmode="email"
                autocomplete="email"
                autocapitalize="none"
                spellcheck={false}
                required
                value={values.email ?? ''}
              />
            </div>
            <DisplayNameField label="Votre prénom et votre nom" value={values.displayName} />
            <PasswordField
              id="password"
              label="Choisissez un mot de passe"
              autocomplete="new-password"
              minimumLength={props.minimumLength}
              hint="Une phrase de plusieurs mots est facile à retenir."
            />
            <details class="fr-mb-3w">
              <summary>Lire les conditions générales d’utilisation</summary>
              <h2 class="fr-h5 fr-mt-2w">{props.cgu.title}</h2>
              {props.cgu.sections.map((section) => (
                <div>
                  <h3 class="fr-h6">{section.heading}</h3>
                  {section.paragraphs.map((paragraph) => (
                    <p class="fr-text--sm">{paragraph}</p>
                  ))}
                </div>
              ))}
            </details>
            <div class="fr-checkbox-group fr-mb-3w">
              <input type="checkbox" id="cgu" name="cgu" value="oui" required checked={values.cguAccepted ?? false} />
              <label class="fr-label" for="cgu">
                J’ai lu et j’accepte les conditions générales d’utilisation
              </label>
            </div>
            <button type="submit" class="fr-btn fr-btn--lg">
              Créer mon compte
            </button>
          </form>
          <p class="fr-mt-3w">
            Vous avez déjà un compte ?{' '}
            <a class="fr-link" href="/connexion">
              Se connecter
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

/** After the form: the same page whether the address had an account or not. */
export function SignUpSentPage(props: { frame: PageFrame; message: string }) {
  return (
    <Layout title="Vérifiez vos e-mails" frame={props.frame} breadcrumbs={[{ label: 'Créer mon compte' }]}>
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Vérifiez vos e-mails</h1>
          <div class="fr-alert fr-alert--success fr-mb-3w" role="status">
            <p>{props.message}</p>
          </div>
          <p>Vous ne trouvez pas l’e-mail ? Regardez dans le dossier des courriers indésirables (spam).</p>
          <p>
            <a class="fr-btn" href="/connexion">
              Se connecter
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}
