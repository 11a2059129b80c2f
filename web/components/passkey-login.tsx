import { asset } from '../assets.ts';
/** "Se connecter avec une clé d’accès": no identifier, no password, no code (web/static/passkeys.js). */
export function PasskeyLogin(props: { returnPath: string | undefined }) {
  return (
    <section class="fr-mt-6w" aria-labelledby="cle-acces">
      <h2 id="cle-acces" class="fr-h5">
        Avec une clé d’accès
      </h2>
      <p class="fr-text--sm">
        Si vous avez ajouté une clé d’accès à votre compte, connectez-vous avec le déverrouillage de votre appareil.
      </p>
      <div id="passkey-login-error" class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert" hidden>
        <p />
      </div>
      <button type="button" id="passkey-login" class="fr-btn fr-btn--secondary" data-return={props.returnPath ?? '/'}>
        Se connecter avec une clé d’accès
      </button>
      <script src={asset('simplewebauthn', 'index.umd.min.js')} />
      <script src={asset('parcours', 'passkeys.js')} />
    </section>
  );
}
