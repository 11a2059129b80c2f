import { type RetentionPeriods, retentionClassLabels } from '../../domain/retention.ts';
import { footerLinks, Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** What the footer's pages need to say of this instance. */
export interface LegalFacts {
  contactEmail: string;
  retentionMonths: RetentionPeriods;
  /** How often a known device must pass a login code again (days). */
  loginCodeIntervalDays: number;
}

function Mail(props: { address: string; subject: string }) {
  return <a href={`mailto:${props.address}?subject=${encodeURIComponent(props.subject)}`}>{props.address}</a>;
}

/** « Accessibilité » (RGAA's accessibility statement, as its model asks for it). */
export function AccessibilityPage(props: { frame: PageFrame; facts: LegalFacts }) {
  return (
    <Layout title="Déclaration d’accessibilité" frame={props.frame}>
      <h1>Déclaration d’accessibilité</h1>
      <p>
        Parcours s’engage à rendre son service accessible, conformément à l’article 47 de la loi n° 2005-102 du 11
        février 2005. Cette déclaration d’accessibilité s’applique à l’application web Parcours (pages de connexion,
        demandes d’admission, boîte de réception des établissements, orientations PCO TND, coordination, compte).
      </p>
      <h2>État de conformité</h2>
      <p>
        Parcours est <strong>partiellement conforme</strong> avec le référentiel général d’amélioration de
        l’accessibilité (RGAA), version 4.1, en raison des limites connues énumérées ci-dessous. Aucun audit RGAA
        complet par un tiers n’a encore été réalisé : le taux de conformité aux 106 critères n’est donc pas établi.
      </p>
      <h2>Ce qui a été vérifié</h2>
      <ul>
        <li>
          Les pages sont construites avec le Système de design de l’État (DSFR) et ses composants accessibles (en-tête,
          menu, fil d’Ariane, formulaires, tableaux, alertes, pied de page).
        </li>
        <li>
          Des tests automatisés ouvrent les pages dans un navigateur (Chromium) comme une personne le ferait et les
          analysent avec axe-core : aucune erreur grave ou critique n’est acceptée, sur écran d’ordinateur et sur un
          écran de téléphone de 390 pixels de large.
        </li>
        <li>
          Les parcours principaux se font au clavier seul : liens d’évitement vers le contenu, le menu et le pied de
          page, ordre de tabulation, boutons et champs étiquetés, messages d’erreur reliés aux champs.
        </li>
        <li>
          Les actions principales fonctionnent sans JavaScript (formulaires envoyés au serveur) ; le menu et le fil
          d’Ariane s’affichent en entier quand JavaScript est désactivé.
        </li>
      </ul>
      <h2>Limites connues</h2>
      <ul>
        <li>Aucun test n’a encore été mené avec des lecteurs d’écran (NVDA, JAWS, VoiceOver) ni avec des usagers.</li>
        <li>
          Les graphiques de l’observatoire sont accompagnés de leurs valeurs en texte, mais n’ont pas d’alternative
          tabulaire complète.
        </li>
        <li>
          Les tableaux longs (boîte de réception, annuaire) se lisent mieux sur grand écran : sur téléphone, ils
          défilent horizontalement.
        </li>
        <li>Les documents joints ou téléchargés (export CSV) ne sont pas vérifiés.</li>
      </ul>
      <h2>Signaler un problème</h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez-nous à{' '}
        <Mail address={props.facts.contactEmail} subject="Accessibilité de Parcours" /> en précisant la page (son
        adresse), ce que vous cherchiez à faire et le matériel ou le logiciel utilisé. Nous vous répondrons et vous
        proposerons une autre façon d’obtenir l’information ou d’accomplir la démarche.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service et que
        vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des droits :
      </p>
      <ul>
        <li>
          par le formulaire en ligne :{' '}
          <a href="https://formulaire.defenseurdesdroits.fr/">formulaire.defenseurdesdroits.fr</a>
          {'\u00a0;'}
        </li>
        <li>
          auprès de l’un de ses délégués dans votre région :{' '}
          <a href="https://www.defenseurdesdroits.fr/saisir/delegues">www.defenseurdesdroits.fr/saisir/delegues</a> ;
        </li>
        <li>par téléphone au 09 69 39 00 00 ;</li>
        <li>
          par courrier, gratuitement et sans timbre : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.
        </li>
      </ul>
    </Layout>
  );
}

/** « Mentions légales »: who runs this instance, what the software is, where the data of facilities comes from. */
export function LegalNoticePage(props: { frame: PageFrame; facts: LegalFacts }) {
  return (
    <Layout title="Mentions légales" frame={props.frame}>
      <h1>Mentions légales</h1>
      <h2>Service</h2>
      <p>
        Parcours est une plateforme d’orientation et d’admission en santé et médico-social : un médecin adresse une
        demande à plusieurs établissements, ceux-ci répondent, le demandeur choisit. Elle est réservée aux
        professionnels (médecins, établissements, plateformes de coordination et d’orientation, coordinateurs) ; les
        personnes concernées n’y ont pas de compte.
      </p>
      <h2>Exploitant et contact</h2>
      <p>
        Cette instance de Parcours est exploitée par l’organisme qui vous a ouvert votre compte. Pour toute question :{' '}
        <Mail address={props.facts.contactEmail} subject="Parcours" />.
      </p>
      <h2>Logiciel</h2>
      <p>
        Parcours est un logiciel libre. L’interface utilise le Système de design de l’État (DSFR), sous licence MIT ; la
        police Marianne est réservée aux sites de l’État et de ses opérateurs.
      </p>
      <h2>Données des établissements</h2>
      <p>
        L’annuaire des établissements provient du fichier national des établissements sanitaires et sociaux (FINESS) et
        du code officiel géographique de l’Insee, publiés sous Licence Ouverte / Etalab 2.0. Les places disponibles, les
        tarifs et les capacités d’accueil sont déclarés par les établissements eux-mêmes.
      </p>
      <h2>Données personnelles</h2>
      <p>
        Ce que Parcours conserve, pourquoi, combien de temps et vos droits : voir{' '}
        <a href="/donnees-personnelles">Données personnelles</a>.
      </p>
      <h2>Accessibilité</h2>
      <p>
        Parcours est partiellement conforme au RGAA : voir la <a href="/accessibilite">déclaration d’accessibilité</a>.
      </p>
    </Layout>
  );
}

function months(count: number): string {
  return count % 12 === 0 ? `${count / 12} an${count / 12 > 1 ? 's' : ''}` : `${count} mois`;
}

/** « Données personnelles »: what is kept, why, for how long (domain/retention.ts, as configured), the rights. */
export function PersonalDataPage(props: { frame: PageFrame; facts: LegalFacts }) {
  const { retentionMonths } = props.facts;
  return (
    <Layout title="Données personnelles" frame={props.frame}>
      <h1>Données personnelles</h1>
      <p>
        Parcours traite des données de santé, qu’il n’utilise que pour orienter et faire admettre la personne. Aucune
        donnée n’est vendue ni utilisée à des fins publicitaires ; aucun outil de mesure d’audience ni cookie tiers
        n’est utilisé.
      </p>
      <h2>Ce qui est conservé, et pourquoi</h2>
      <ul>
        <li>
          <strong>Les demandes d’admission et les orientations PCO TND</strong> : l’identité de la personne, son dossier
          (partie administrative, autonomie avec la grille AGGIR, partie médicale réservée aux médecins), les réponses
          des établissements et l’historique. Pour transmettre la demande aux établissements choisis et suivre la
          réponse jusqu’à l’admission (mission d’intérêt public de coordination des parcours, RGPD art. 6-1-e et 9-2-h).
        </li>
        <li>
          <strong>Les comptes des professionnels</strong> : nom, adresse e-mail, numéro RPPS, numéro de mobile s’il est
          vérifié, préférences de notification, établissement ou plateforme de rattachement. Pour vous identifier et
          vous prévenir.
        </li>
        <li>
          <strong>Les messages envoyés</strong> (e-mails, SMS et notifications dans Parcours) : pour les délivrer une
          seule fois et vous les montrer dans la page « Notifications ». Ils ne contiennent aucun détail médical.
        </li>
        <li>
          <strong>Le journal de sécurité</strong> : connexions, codes envoyés, et chaque lecture d’un dossier (qui,
          quand, quelle partie). Pour prouver qui a eu accès aux données de santé.
        </li>
        <li>
          <strong>Des cookies techniques seulement</strong>, sans consentement à demander : la session, l’appareil
          reconnu, l’étape de connexion en cours (code, clé d’accès, Pro Santé Connect) et le jeton des formulaires
          (protection contre la falsification de requêtes).
        </li>
      </ul>
      <h2>Combien de temps</h2>
      <div class="fr-table">
        <table>
          <caption>Durées de conservation</caption>
          <thead>
            <tr>
              <th scope="col">Données</th>
              <th scope="col">Durée</th>
            </tr>
          </thead>
          <tbody>
            {(Object.keys(retentionClassLabels) as (keyof RetentionPeriods)[]).map((kind) => (
              <tr>
                <td>
                  Dossier clos, {retentionClassLabels[kind]}
                  {kind === 'grand_age'
                    ? ' (EHPAD, résidence autonomie, USLD)'
                    : kind === 'suites_de_soins'
                      ? ' (SMR, HAD, soins palliatifs, SSIAD)'
                      : ''}
                </td>
                <td>{months(retentionMonths[kind])} après la clôture, puis anonymisé</td>
              </tr>
            ))}
            <tr>
              <td>Dossier en cours</td>
              <td>Tant qu’il est en cours (la durée ne court qu’à partir de la clôture)</td>
            </tr>
            <tr>
              <td>Messages d’un dossier</td>
              <td>Supprimés avec l’anonymisation du dossier</td>
            </tr>
            <tr>
              <td>Session de connexion</td>
              <td>30 jours, prolongée à l’usage ; terminée à la déconnexion</td>
            </tr>
            <tr>
              <td>Appareil reconnu (connexion sans code)</td>
              <td>{props.facts.loginCodeIntervalDays} jours après le dernier code</td>
            </tr>
            <tr>
              <td>Journal de sécurité</td>
              <td>6 ans (délai de prescription des infractions qu’il permet de prouver)</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        L’établissement qui admet la personne tient son propre dossier, selon ses propres règles (20 ans pour un
        établissement de santé) : Parcours n’en est pas une copie.
      </p>
      <h2>Vos droits</h2>
      <p>
        Vous pouvez demander l’accès à vos données, leur rectification, leur effacement ou la limitation de leur
        traitement, et vous opposer à celui-ci (RGPD, articles 15 à 21). Une personne dont la demande d’admission a été
        faite dans Parcours peut obtenir l’ensemble de son dossier, y compris qui l’a consulté, ou son effacement une
        fois le dossier clos ; l’administrateur de Parcours exerce ces droits pour elle après avoir vérifié son
        identité.
      </p>
      <h2>Qui contacter</h2>
      <p>
        Écrivez à <Mail address={props.facts.contactEmail} subject="Données personnelles — Parcours" /> (délégué à la
        protection des données de l’exploitant). Si vous estimez que vos droits ne sont pas respectés, vous pouvez
        adresser une réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">www.cnil.fr/fr/plaintes</a>).
      </p>
    </Layout>
  );
}

interface SiteMapSection {
  title: string;
  links: { href: string; label: string; note?: string }[];
}

/** Every page, by who reaches it; pages of one case are reached from its list. */
const siteMap: readonly SiteMapSection[] = [
  {
    title: 'Pour tout le monde',
    links: [
      { href: '/', label: 'Accueil' },
      { href: '/connexion', label: 'Connexion' },
      { href: '/connexion/mot-de-passe-oublie', label: 'Mot de passe oublié' },
      { href: '/connexion/psc', label: 'Connexion avec Pro Santé Connect', note: 'médecins' },
    ],
  },
  {
    title: 'Mon compte (toute personne connectée)',
    links: [
      { href: '/notifications', label: 'Notifications' },
      { href: '/compte', label: 'Mon compte' },
      { href: '/compte/notifications', label: 'Mes préférences de notification' },
      { href: '/compte/historique', label: 'Historique de connexion' },
    ],
  },
  {
    title: 'Médecins',
    links: [
      { href: '/demandes', label: 'Mes demandes', note: 'chaque demande et son dossier s’ouvrent depuis cette liste' },
      { href: '/demandes/nouvelle', label: 'Nouvelle demande' },
      { href: '/pco', label: 'Orientations PCO' },
      { href: '/pco/nouvelle', label: 'Nouvelle orientation PCO' },
      { href: '/etablissements', label: 'Annuaire des établissements' },
    ],
  },
  {
    title: 'Établissements',
    links: [
      { href: '/boite-de-reception', label: 'Demandes reçues' },
      { href: '/mon-etablissement', label: 'Mon établissement' },
      { href: '/etablissements', label: 'Annuaire des établissements' },
      { href: '/invitations', label: 'Invitations', note: 'responsables d’établissement' },
      { href: '/observatoire', label: 'Observatoire', note: 'responsables d’établissement' },
    ],
  },
  {
    title: 'Plateformes PCO TND',
    links: [{ href: '/pco/boite-de-reception', label: 'Orientations reçues' }],
  },
  {
    title: 'Coordination',
    links: [
      { href: '/coordination', label: 'Dossiers en retard' },
      { href: '/observatoire', label: 'Observatoire' },
    ],
  },
  {
    title: 'Administration',
    links: [
      { href: '/pco/plateformes', label: 'Plateformes PCO' },
      { href: '/administration/medecins', label: 'Médecins à confirmer' },
      { href: '/administration/anomalies', label: 'Dossiers en anomalie' },
      { href: '/invitations', label: 'Invitations' },
      { href: '/observatoire', label: 'Observatoire' },
    ],
  },
  {
    title: 'Informations',
    links: footerLinks.map((link) => ({
      href: link.href,
      label: link.href === '/accessibilite' ? 'Accessibilité' : link.label,
    })),
  },
];

/** « Plan du site »: links to every page, by role. */
export function SiteMapPage(props: { frame: PageFrame }) {
  return (
    <Layout title="Plan du site" frame={props.frame}>
      <h1>Plan du site</h1>
      <p>Les pages de Parcours, par rôle ; une page réservée demande de se connecter avec le compte qui convient.</p>
      {siteMap.map((section) => (
        <section class="fr-mb-4w">
          <h2 class="fr-h4">{section.title}</h2>
          <ul>
            {section.links.map((link) => (
              <li>
                <a href={link.href}>{link.label}</a>
                {link.note ? ` (${link.note})` : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
