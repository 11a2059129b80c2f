import type { SecurityEventView } from '../../api/account/history.ts';
import type { SessionView } from '../../api/account/sessions.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import type { PasskeyView } from '../../services/identity/passkeys.ts';
import { asset } from '../assets.ts';
import { formatDateTime } from '../components/dates.ts';
import { PasswordField } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';
import { NotificationsLinkSection } from './notification-preferences.tsx';

export interface AccountView {
  displayName: string;
  email: string;
  phone: string | null;
  phoneVerifiedAt: string | null;
  pendingPhone: string | null;
  codeChannel: 'email' | 'sms';
}

/** Which section a message belongs to, so it shows where the person acted. */
export type AccountSection = 'sessions' | 'password' | 'phone' | 'channel' | 'passkeys';

export interface AccountMessage {
  section: AccountSection;
  kind: 'success' | 'error';
  text: string;
}

function Message(props: { message: AccountMessage | undefined; section: AccountSection }) {
  const message = props.message;
  if (!message || message.section !== props.section) return null;
  return (
    <div
      class={`fr-alert fr-alert--${message.kind} fr-alert--sm fr-mb-3w`}
      role={message.kind === 'error' ? 'alert' : 'status'}
    >
      <p>{message.text}</p>
    </div>
  );
}

function Csrf(props: { csrf: string }) {
  return <input type="hidden" name="csrf" value={props.csrf} />;
}

function SessionsSection(props: { csrf: string; sessions: SessionView[]; message: AccountMessage | undefined }) {
  const others = props.sessions.filter((session) => !session.current).length;
  return (
    <section class="fr-mb-6w" aria-labelledby="sessions">
      <h2 id="sessions">Sessions ouvertes</h2>
      <Message message={props.message} section="sessions" />
      <div class="fr-table">
        <table>
          <caption class="fr-sr-only">Vos sessions ouvertes</caption>
          <thead>
            <tr>
              <th scope="col">Appareil</th>
              <th scope="col">Adresse IP</th>
              <th scope="col">Ouverte le</th>
              <th scope="col">Dernier renouvellement</th>
              <th scope="col">Expire le</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((session) => (
              <tr>
                <td>{session.browser}</td>
                <td>{session.ip ?? '—'}</td>
                <td>{formatDateTime(session.createdAt)}</td>
                <td>{formatDateTime(session.renewedAt)}</td>
                <td>{formatDateTime(session.expiresAt)}</td>
                <td>
                  {session.current ? (
                    <p class="fr-badge fr-badge--info fr-badge--sm">Cette session</p>
                  ) : (
                    <form method="post" action={`/compte/sessions/${session.id}/fermer`}>
                      <Csrf csrf={props.csrf} />
                      <button type="submit" class="fr-btn fr-btn--sm fr-btn--secondary">
                        Fermer
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <form method="post" action="/compte/sessions/fermer-les-autres">
          <Csrf csrf={props.csrf} />
          <button type="submit" class="fr-btn fr-btn--secondary">
            Fermer toutes les autres sessions
          </button>
        </form>
      ) : null}
      <p class="fr-mt-3w">
        <a class="fr-link" href="/compte/historique">
          Voir l’historique de connexion
        </a>
      </p>
    </section>
  );
}

function PasswordSection(props: { csrf: string; minimumLength: number; message: AccountMessage | undefined }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="mot-de-passe">
      <h2 id="mot-de-passe">Mot de passe</h2>
      <Message message={props.message} section="password" />
      <form method="post" action="/compte/mot-de-passe">
        <Csrf csrf={props.csrf} />
        <PasswordField id="currentPassword" label="Mot de passe actuel" autocomplete="current-password" />
        <PasswordField
          id="newPassword"
          label="Nouveau mot de passe"
          autocomplete="new-password"
          minimumLength={props.minimumLength}
          hint="Vos autres sessions seront fermées."
        />
        <PasswordField id="confirmation" label="Confirmation du nouveau mot de passe" autocomplete="new-password" />
        <button type="submit" class="fr-btn">
          Changer le mot de passe
        </button>
      </form>
    </section>
  );
}

function PhoneSection(props: { csrf: string; account: AccountView; message: AccountMessage | undefined }) {
  const { account } = props;
  return (
    <section class="fr-mb-6w" aria-labelledby="telephone">
      <h2 id="telephone">Téléphone mobile</h2>
      <Message message={props.message} section="phone" />
      {account.phone ? (
        <p>
          Numéro : <strong>{formatPhoneNumber(account.phone)}</strong>{' '}
          {account.phoneVerifiedAt ? (
            <span class="fr-badge fr-badge--success fr-badge--sm">
              Vérifié le {formatDateTime(account.phoneVerifiedAt)}
            </span>
          ) : (
            <span class="fr-badge fr-badge--warning fr-badge--sm">Non vérifié</span>
          )}
        </p>
      ) : (
        <p>Aucun numéro enregistré.</p>
      )}
      {account.pendingPhone ? (
        <form method="post" action="/compte/telephone/verifier" class="fr-mb-3w">
          <Csrf csrf={props.csrf} />
          <div class="fr-input-group">
            <label class="fr-label" for="phoneCode">
              Code reçu par SMS au {formatPhoneNumber(account.pendingPhone)}
              <span class="fr-hint-text">6 chiffres, valable 10 minutes, 5 essais au plus</span>
            </label>
            <input
              class="fr-input"
              id="phoneCode"
              name="code"
              inputmode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9]{6}"
              maxlength={6}
              required
            />
          </div>
          <button type="submit" class="fr-btn">
            Vérifier le numéro
          </button>
        </form>
      ) : null}
      <form method="post" action="/compte/telephone">
        <Csrf csrf={props.csrf} />
        <div class="fr-input-group">
          <label class="fr-label" for="phone">
            {account.phone ? 'Nouveau numéro de mobile' : 'Numéro de mobile'}
            <span class="fr-hint-text">
              Par exemple 06 12 34 56 78. Un code de vérification vous sera envoyé par SMS.
            </span>
          </label>
          <input class="fr-input" id="phone" name="phone" type="tel" autocomplete="tel" required />
        </div>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Recevoir un code par SMS
        </button>
      </form>
      {account.phone ? (
        <form method="post" action="/compte/telephone/retirer" class="fr-mt-2w">
          <Csrf csrf={props.csrf} />
          <button type="submit" class="fr-btn fr-btn--tertiary">
            Retirer le numéro
          </button>
        </form>
      ) : null}
    </section>
  );
}

function ChannelSection(props: { csrf: string; account: AccountView; message: AccountMessage | undefined }) {
  const smsPossible = Boolean(props.account.phone && props.account.phoneVerifiedAt);
  return (
    <section class="fr-mb-6w" aria-labelledby="canal">
      <h2 id="canal">Codes de connexion</h2>
      <Message message={props.message} section="channel" />
      <form method="post" action="/compte/canal">
        <Csrf csrf={props.csrf} />
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Recevoir le code de connexion</legend>
          <div class="fr-fieldset__element">
            <div class="fr-radio-group">
              <input
                type="radio"
                id="channel-email"
                name="channel"
                value="email"
                checked={props.account.codeChannel === 'email'}
              />
              <label class="fr-label" for="channel-email">
                Par e-mail ({props.account.email})
              </label>
            </div>
          </div>
          <div class="fr-fieldset__element">
            <div class="fr-radio-group">
              <input
                type="radio"
                id="channel-sms"
                name="channel"
                value="sms"
                checked={props.account.codeChannel === 'sms'}
                disabled={!smsPossible}
              />
              <label class="fr-label" for="channel-sms">
                Par SMS
                <span class="fr-hint-text">
                  {smsPossible ? `Au ${props.account.phone}` : 'Vérifiez d’abord votre numéro de mobile.'}
                </span>
              </label>
            </div>
          </div>
        </fieldset>
        <button type="submit" class="fr-btn fr-btn--secondary">
          Enregistrer ce choix
        </button>
      </form>
    </section>
  );
}

function PasskeysSection(props: { csrf: string; passkeys: PasskeyView[]; message: AccountMessage | undefined }) {
  return (
    <section class="fr-mb-6w" aria-labelledby="cles">
      <h2 id="cles">Clés d’accès</h2>
      <p>
        Une clé d’accès vous connecte sans mot de passe ni code, avec le déverrouillage de votre appareil (empreinte,
        visage ou code).
      </p>
      <Message message={props.message} section="passkeys" />
      <div id="passkey-error" class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert" hidden>
        <p />
      </div>
      {props.passkeys.length > 0 ? (
        <div class="fr-table">
          <table>
            <caption class="fr-sr-only">Vos clés d’accès</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Ajoutée le</th>
                <th scope="col">Dernière utilisation</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {props.passkeys.map((passkey) => (
                <tr>
                  <td>{passkey.name}</td>
                  <td>{formatDateTime(passkey.createdAt)}</td>
                  <td>{passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt) : 'Jamais'}</td>
                  <td>
                    <form method="post" action="/compte/cles/supprimer">
                      <Csrf csrf={props.csrf} />
                      <input type="hidden" name="id" value={passkey.id} />
                      <button
                        type="submit"
                        class="fr-btn fr-btn--sm fr-btn--secondary"
                        aria-label={`Supprimer la clé ${passkey.name}`}
                      >
                        Supprimer
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune clé d’accès enregistrée.</p>
      )}
      <form id="passkey-register" data-done="/compte?cle=ajoutee#cles">
        <div class="fr-input-group">
          <label class="fr-label" for="passkeyName">
            Nom de la nouvelle clé
            <span class="fr-hint-text">Pour la reconnaître : « Téléphone », « Ordinateur du cabinet »…</span>
          </label>
          <input class="fr-input" id="passkeyName" name="name" maxlength={60} required />
        </div>
        <button type="submit" class="fr-btn">
          Ajouter une clé d’accès
        </button>
      </form>
      <script src={asset('simplewebauthn', 'index.umd.min.js')} />
      <script src={asset('parcours', 'passkeys.js')} />
    </section>
  );
}

export function AccountPage(props: {
  frame: PageFrame;
  csrf: string;
  account: AccountView;
  sessions: SessionView[];
  passkeys: PasskeyView[];
  minimumPasswordLength: number;
  message?: AccountMessage | undefined;
}) {
  return (
    <Layout title="Mon compte" frame={props.frame}>
      <h1>Mon compte</h1>
      <p>
        {props.account.displayName} — {props.account.email}
      </p>
      <SessionsSection csrf={props.csrf} sessions={props.sessions} message={props.message} />
      <PasskeysSection csrf={props.csrf} passkeys={props.passkeys} message={props.message} />
      <PasswordSection csrf={props.csrf} minimumLength={props.minimumPasswordLength} message={props.message} />
      <PhoneSection csrf={props.csrf} account={props.account} message={props.message} />
      <ChannelSection csrf={props.csrf} account={props.account} message={props.message} />
      <NotificationsLinkSection />
    </Layout>
  );
}

export function SecurityHistoryPage(props: {
  frame: PageFrame;
  items: SecurityEventView[];
  page: number;
  pages: number;
}) {
  return (
    <Layout
      title="Historique de connexion"
      frame={props.frame}
      breadcrumbs={[{ label: 'Mon compte', href: '/compte' }, { label: 'Historique de connexion' }]}
    >
      <h1>Historique de connexion</h1>
      <p>
        Vos connexions et les changements de sécurité de votre compte, du plus récent au plus ancien. Un événement que
        vous ne reconnaissez pas ? Changez votre mot de passe et fermez vos autres sessions depuis{' '}
        <a href="/compte">Mon compte</a>.
      </p>
      <div class="fr-table">
        <table>
          <caption class="fr-sr-only">Historique de connexion, page {props.page}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Événement</th>
              <th scope="col">Méthode</th>
              <th scope="col">Adresse IP</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr>
                <td>{formatDateTime(item.at)}</td>
                <td>{item.label}</td>
                <td>{item.method ?? '—'}</td>
                <td>{item.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.pages > 1 ? (
        <nav class="fr-pagination" aria-label="Pagination">
          <ul class="fr-pagination__list">
            {props.page > 1 ? (
              <li>
                <a
                  class="fr-pagination__link fr-pagination__link--prev"
                  href={`/compte/historique?page=${props.page - 1}`}
                >
                  Page précédente
                </a>
              </li>
            ) : null}
            <li>
              <span class="fr-pagination__link" aria-current="page">
                Page {props.page} sur {props.pages}
              </span>
            </li>
            {props.page < props.pages ? (
              <li>
                <a
                  class="fr-pagination__link fr-pagination__link--next"
                  href={`/compte/historique?page=${props.page + 1}`}
                >
                  Page suivante
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </Layout>
  );
}
