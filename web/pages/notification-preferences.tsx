import type { PreferencesView } from '../../api/notifications/preferences.ts';
import { type NotificationMode, usesSms } from '../../domain/messages/preferences.ts';
import { formatPhoneNumber } from '../../domain/phone-numbers.ts';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export interface PreferencesNotice {
  kind: 'success' | 'error';
  text: string;
}

/** The account page's entry to this page. */
export function NotificationsLinkSection() {
  return (
    <section class="fr-mb-6w" aria-labelledby="notifications">
      <h2 id="notifications">Notifications</h2>
      <p>Par catégorie de message : e-mail, SMS, les deux ou seulement dans Parcours ; récapitulatif quotidien.</p>
      <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/compte/notifications">
        Choisir comment je suis prévenu
      </a>
    </section>
  );
}

/** Short labels for the radios; the domain's wording stays on the API. */
const modeChoices: { mode: NotificationMode; label: string }[] = [
  { mode: 'email', label: 'E-mail' },
  { mode: 'sms', label: 'SMS' },
  { mode: 'email_and_sms', label: 'Les deux' },
  { mode: 'in_app', label: 'Application seulement' },
];

function PhoneStatus(props: { preferences: PreferencesView }) {
  if (props.preferences.phoneVerified) {
    return (
      <p>
        Les SMS sont envoyés au <strong>{formatPhoneNumber(props.preferences.phone)}</strong>, numéro vérifié.{' '}
        <a href="/compte#telephone">Changer de numéro</a>
      </p>
    );
  }
  return (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-4w">
      <p>
        Les choix par SMS sont indisponibles : aucun numéro de mobile vérifié. Ajoutez et vérifiez votre numéro dans{' '}
        <a href="/compte#telephone">Mon compte</a> (un code vous est envoyé par SMS).
      </p>
    </div>
  );
}

function CategoryChoice(props: { category: PreferencesView['categories'][number]; smsPossible: boolean }) {
  const { category } = props;
  const name = `mode-${category.category}`;
  return (
    <fieldset class="fr-fieldset" id={`categorie-${category.category}`}>
      <legend class="fr-fieldset__legend--regular fr-fieldset__legend">
        {category.label}
        {category.category === 'coordination' ? (
          <span class="fr-hint-text">
            Chaque matin, s’il y en a : combien de dossiers de vos départements sont en retard, les nouveaux, le plus
            ancien, avec le lien vers la page Coordination. Aucun nom de patient.
          </span>
        ) : null}
        {category.smsFallsBackToEmail ? (
          <span class="fr-hint-text">
            Vous aviez choisi les SMS, mais votre numéro n’est pas vérifié : ces messages vous sont envoyés par e-mail.
          </span>
        ) : null}
      </legend>
      {modeChoices.map((choice) => {
        const id = `${name}-${choice.mode}`;
        // Without a verified number the SMS options cannot be chosen (the server refuses them too).
        const disabled = usesSms(choice.mode) && !props.smsPossible;
        return (
          <div class="fr-fieldset__element fr-fieldset__element--inline">
            <div class="fr-radio-group">
              <input
                type="radio"
                id={id}
                name={name}
                value={choice.mode}
                checked={category.mode === choice.mode}
                disabled={disabled}
              />
              <label class="fr-label" for={id}>
                {category.category === 'coordination' && choice.mode === 'in_app' ? 'Ne pas le recevoir' : choice.label}
                {disabled ? <span class="fr-hint-text">Numéro de mobile vérifié requis</span> : null}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

function DigestChoices(props: { facilities: PreferencesView['facilities'] }) {
  const managed = props.facilities.filter((facility) => facility.canChange);
  if (managed.length === 0) return null;
  return (
    <fieldset class="fr-fieldset fr-mt-4w" aria-labelledby="recapitulatif">
      <legend class="fr-fieldset__legend" id="recapitulatif">
        <span class="fr-h3">Récapitulatif quotidien de mes établissements</span>
        <span class="fr-hint-text">
          Un seul e-mail chaque matin à l’adresse de l’établissement, au lieu d’un message par nouvelle demande, relance
          ou mise à jour. Les dossiers en retard sont toujours signalés sans attendre.
        </span>
      </legend>
      {managed.map((facility) => {
        const id = `digest-${facility.facilityId}`;
        return (
          <div class="fr-fieldset__element">
            <input type="hidden" name="digestFacility" value={facility.facilityId} />
            <div class="fr-checkbox-group">
              <input
                type="checkbox"
                id={id}
                name="dailyDigest"
                value={facility.facilityId}
                checked={facility.dailyDigest}
              />
              <label class="fr-label" for={id}>
                {facility.name || 'Établissement'} : récapitulatif quotidien
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

export function NotificationPreferencesPage(props: {
  frame: PageFrame;
  csrf: string;
  preferences: PreferencesView;
  notice?: PreferencesNotice | undefined;
}) {
  const { preferences, notice } = props;
  return (
    <Layout
      title="Mes notifications"
      frame={props.frame}
      breadcrumbs={[{ label: 'Mon compte', href: '/compte' }, { label: 'Mes notifications' }]}
    >
      <p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/compte">
          Mon compte
        </a>
      </p>
      <h1>Mes notifications</h1>
      <p>
        Choisissez, pour chaque catégorie, comment vous êtes prévenu. Les messages de sécurité (codes de connexion,
        réinitialisation du mot de passe) partent toujours, quel que soit ce choix.
      </p>
      <p>
        Avec « Application seulement », rien ne vous est envoyé : les messages vous attendent dans{' '}
        <a href="/notifications">Notifications</a>, où figurent aussi ceux reçus par e-mail ou SMS.
      </p>
      {notice ? (
        <div
          class={`fr-alert fr-alert--${notice.kind} fr-alert--sm fr-mb-4w`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          <p>{notice.text}</p>
        </div>
      ) : null}
      <PhoneStatus preferences={preferences} />
      <form method="post" action="/compte/notifications">
        <input type="hidden" name="csrf" value={props.csrf} />
        <h2 class="fr-h3">Par catégorie</h2>
        {preferences.categories.map((category) => (
          <CategoryChoice category={category} smsPossible={preferences.phoneVerified} />
        ))}
        <DigestChoices facilities={preferences.facilities} />
        <button type="submit" class="fr-btn">
          Enregistrer mes préférences
        </button>
      </form>
    </Layout>
  );
}
