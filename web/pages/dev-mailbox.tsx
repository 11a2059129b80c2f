import type { MailboxMessage } from '../../api/dev/mailbox.ts';
import { formatDateTime } from '../components/dates.ts';
import { InputField } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

export function DevMailboxPage(props: { frame: PageFrame; messages: MailboxMessage[]; recipient: string | undefined }) {
  return (
    <Layout title="Boîte mail de développement" frame={props.frame}>
      <h1>Boîte mail de développement</h1>
      <p>
        Sur cette instance, les courriels ne sont pas envoyés : ils sont conservés ici, du plus récent au plus ancien.
      </p>
      <form method="get" action="/dev/boite-mail" class="fr-mb-6w">
        <InputField
          id="a"
          name="a"
          label="Adresse du destinataire (facultatif)"
          hint="Par exemple : claire.martin@demo.parcours.local"
          value={props.recipient}
          autocomplete="off"
        />
        <ul class="fr-btns-group fr-btns-group--inline">
          <li>
            <button type="submit" class="fr-btn fr-btn--secondary">
              Filtrer
            </button>
          </li>
          {props.recipient ? (
            <li>
              <a class="fr-btn fr-btn--tertiary" href="/dev/boite-mail">
                Tout afficher
              </a>
            </li>
          ) : null}
        </ul>
      </form>
      {props.messages.length === 0 ? (
        <p class="fr-text--lead">
          {props.recipient ? `Aucun message pour ${props.recipient}.` : 'Aucun message pour l’instant.'}
        </p>
      ) : (
        props.messages.map((message) => (
          <article class="fr-mb-4w" aria-labelledby={`message-${message.id}`}>
            <h2 id={`message-${message.id}`} class="fr-h5 fr-mb-1w">
              {message.subject}
            </h2>
            <p class="fr-text--sm fr-mb-1w">
              À : {message.to} · <time datetime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
              {message.referralId ? (
                <>
                  {' · '}
                  <a href={`/demandes/${message.referralId}`}>Voir la demande</a>
                </>
              ) : null}
            </p>
            <pre class="fr-text--sm fr-p-2w fr-mb-0">{message.text}</pre>
          </article>
        ))
      )}
    </Layout>
  );
}
