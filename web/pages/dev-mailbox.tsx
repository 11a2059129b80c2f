import type { MailboxMessage } from '../../api/dev/mailbox.ts';
import { formatDateTime } from '../components/dates.ts';
import { InputField } from '../components/fields.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

const statusTones: Record<string, string> = {
  stored: 'fr-badge--info',
  sent: 'fr-badge--success',
  delivered: 'fr-badge--success',
  failed: 'fr-badge--error',
  queued: 'fr-badge--new',
  digest: 'fr-badge--new',
};

export function DevMailboxPage(props: { frame: PageFrame; messages: MailboxMessage[]; recipient: string | undefined }) {
  return (
    <Layout title="Boîte mail de développement" frame={props.frame}>
      <h1>Boîte mail de développement</h1>
      <p>
        Sur cette instance, les courriels et SMS ne sont pas envoyés : ils sont conservés ici, du plus récent au plus
        ancien, avec leur version HTML et leur version texte.
      </p>
      <form method="get" action="/dev/boite-mail" class="fr-mb-6w">
        <InputField
          id="a"
          name="a"
          label="Adresse ou numéro du destinataire (facultatif)"
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
          <article class="fr-mb-6w" aria-labelledby={`message-${message.id}`}>
            <h2 id={`message-${message.id}`} class="fr-h5 fr-mb-1w">
              {message.subject}
            </h2>
            <p class="fr-text--sm fr-mb-1w">
              {message.channelLabel} à :{' '}
              <a href={`/dev/boite-mail?a=${encodeURIComponent(message.to)}`}>{message.to}</a>
              {' · '}
              <time datetime={message.createdAt}>{formatDateTime(message.createdAt)}</time>
              {' · '}
              <span class={`fr-badge fr-badge--sm ${statusTones[message.status] ?? ''}`}>{message.statusLabel}</span>
              {message.attempts > 1 ? ` · ${message.attempts} tentatives` : null}
              {message.referralId ? (
                <>
                  {' · '}
                  <a href={`/demandes/${message.referralId}`}>Voir la demande</a>
                </>
              ) : null}
            </p>
            {message.failureReason ? <p class="fr-error-text fr-mb-1w">{message.failureReason}</p> : null}
            {message.html ? (
              <iframe
                title={`Aperçu HTML : ${message.subject}`}
                srcdoc={message.html}
                sandbox=""
                referrerpolicy="no-referrer"
                loading="lazy"
                style="width:100%;height:26rem;border:1px solid var(--border-default-grey);background:#fff"
              />
            ) : null}
            <details class="fr-mt-1w" open={!message.html}>
              <summary>Version texte</summary>
              <pre class="fr-text--sm fr-p-2w fr-mb-0" style="white-space:pre-wrap">
                {message.text}
              </pre>
            </details>
          </article>
        ))
      )}
    </Layout>
  );
}
