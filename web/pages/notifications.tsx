import type { NotificationsPage as NotificationsView } from '../../api/notifications/in-app.ts';
import { formatDateTime } from '../components/dates.ts';
import { Pagination } from '../components/pagination.tsx';
import { Layout } from '../layout.tsx';
import type { PageFrame } from '../page-frame.ts';

/** The list's filters, kept by every link and form of the page. */
export interface NotificationsFilter {
  category: string | undefined;
  unreadOnly: boolean;
}

export function notificationsQuery(filter: NotificationsFilter, page = 1): string {
  const query = new URLSearchParams();
  if (filter.category) query.set('categorie', filter.category);
  if (filter.unreadOnly) query.set('non-lues', '1');
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The list's state, posted back by « Marquer comme lu » so the person returns where they were. */
function FilterFields(props: { filter: NotificationsFilter; page: number; csrf: string }) {
  return (
    <>
      <input type="hidden" name="csrf" value={props.csrf} />
      {props.filter.category ? <input type="hidden" name="categorie" value={props.filter.category} /> : null}
      {props.filter.unreadOnly ? <input type="hidden" name="non-lues" value="1" /> : null}
      <input type="hidden" name="page" value={String(props.page)} />
    </>
  );
}

/** « Notifications »: the messages Parcours addressed to the person, whatever the channel they chose. */
export function NotificationsPage(props: {
  frame: PageFrame;
  csrf: string;
  view: NotificationsView;
  filter: NotificationsFilter;
}) {
  const { view, filter } = props;
  const filtered = filter.category !== undefined || filter.unreadOnly;
  return (
    <Layout title={view.page > 1 ? `Notifications (page ${view.page})` : 'Notifications'} frame={props.frame}>
      <h1>Notifications</h1>
      <p>
        Les messages que Parcours vous a adressés, du plus récent au plus ancien : ceux envoyés par e-mail ou SMS et
        ceux que vous avez choisi de recevoir seulement dans Parcours (« Application seulement »).{' '}
        <a href="/compte/notifications">Choisir comment je suis prévenu</a>
      </p>
      <p>
        {view.unread === 0
          ? 'Aucune notification non lue.'
          : view.unread === 1
            ? '1 notification non lue.'
            : `${view.unread} notifications non lues.`}
      </p>
      <div class="pc-actions fr-mb-4w">
        <form method="get" action="/notifications" class="pc-actions">
          <div class="fr-select-group fr-mb-0">
            <label class="fr-label" for="categorie">
              Catégorie
            </label>
            <select class="fr-select" id="categorie" name="categorie">
              <option value="" selected={!filter.category}>
                Toutes les catégories
              </option>
              {view.categories.map((option) => (
                <option value={option.category} selected={filter.category === option.category}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          <div class="fr-checkbox-group fr-mt-4w">
            <input type="checkbox" id="non-lues" name="non-lues" value="1" checked={filter.unreadOnly} />
            <label class="fr-label" for="non-lues">
              Non lues seulement
            </label>
          </div>
          <button type="submit" class="fr-btn fr-btn--secondary fr-mt-4w">
            Afficher
          </button>
        </form>
        {view.unread > 0 ? (
          <form method="post" action="/notifications/tout-lu" class="fr-mt-4w">
            <FilterFields filter={filter} page={1} csrf={props.csrf} />
            <button type="submit" class="fr-btn fr-btn--tertiary fr-icon-check-line fr-btn--icon-left">
              Tout marquer comme lu
            </button>
          </form>
        ) : null}
      </div>
      {view.notifications.length === 0 ? (
        <p>
          {filtered ? 'Aucune notification ne correspond à ces critères.' : 'Vous n’avez encore reçu aucun message.'}
        </p>
      ) : (
        <ul class="pc-tasks" aria-label={`Notifications, page ${view.page} sur ${view.pageCount}`}>
          {view.notifications.map((notification) => (
            <li class="pc-task" data-notification={notification.id}>
              <div class="pc-task__head">
                <p class="fr-mb-0">
                  {notification.read ? (
                    <span class="fr-badge fr-badge--sm fr-badge--no-icon">Lue</span>
                  ) : (
                    <span class="fr-badge fr-badge--sm fr-badge--new">Non lue</span>
                  )}{' '}
                  <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">
                    {notification.categoryLabel}
                  </span>
                </p>
                <p class="fr-text--sm fr-mb-0">Reçue le {formatDateTime(notification.createdAt)}</p>
              </div>
              <h2 class="fr-h6 fr-mb-1w">{notification.subject}</h2>
              <p class="pc-quote">{notification.text}</p>
              <div class="pc-actions">
                {notification.link ? (
                  <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={notification.link}>
                    Ouvrir
                    <span class="fr-sr-only"> : {notification.subject}</span>
                  </a>
                ) : null}
                {notification.read ? null : (
                  <form method="post" action={`/notifications/${notification.id}/lu`}>
                    <FilterFields filter={filter} page={view.page} csrf={props.csrf} />
                    <button type="submit" class="fr-btn fr-btn--sm fr-btn--tertiary">
                      Marquer comme lu
                      <span class="fr-sr-only"> : {notification.subject}</span>
                    </button>
                  </form>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        page={view.page}
        pageCount={view.pageCount}
        href={(target) => `/notifications${notificationsQuery(filter, target)}`}
      />
    </Layout>
  );
}
