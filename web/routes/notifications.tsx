import { z } from '@hono/zod-openapi';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { listNotifications, markNotificationsRead } from '../../api/notifications/in-app.ts';
import { type NotificationCategory, notificationCategories } from '../../domain/messages/preferences.ts';
import { readForm, type SubmittedForm } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { type NotificationsFilter, NotificationsPage, notificationsQuery } from '../pages/notifications.tsx';
import { withActor } from './require-actor.ts';

const categorySchema = z.enum(Object.keys(notificationCategories) as [keyof typeof notificationCategories]);
const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** The list's filters from the query or a posted form; an unknown category lists everything. */
function filterOf(
  read: (name: string) => string | undefined,
): NotificationsFilter & { category: NotificationCategory | undefined; page: number } {
  const category = categorySchema.safeParse(read('categorie'));
  return {
    category: category.success ? category.data : undefined,
    unreadOnly: read('non-lues') === '1',
    page: pageSchema.parse(read('page') ?? 1),
  };
}

function formFilter(form: SubmittedForm) {
  return filterOf((name) => form.text(name) || undefined);
}

/** « Notifications »: the person's own messages (api/notifications/in-app.ts), read marks included. */
export function notificationRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  web.get('/notifications', (c) =>
    withActor(c, async (actor) => {
      const filter = filterOf((name) => c.req.query(name));
      const view = await listNotifications(deps.db, actor.id, deps.appUrl, {
        page: filter.page,
        category: filter.category,
        unreadOnly: filter.unreadOnly,
      });
      return c.html(<NotificationsPage frame={pageFrame(c, deps)} csrf={csrfToken(c)} view={view} filter={filter} />);
    }),
  );

  async function mark(c: Context<AppEnv>, ids: (c: Context<AppEnv>) => string[] | 'all') {
    return withActor(c, async (actor) => {
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      await markNotificationsRead(deps.db, actor.id, ids(c));
      const filter = formFilter(form);
      return c.redirect(`/notifications${notificationsQuery(filter, filter.page)}`, 303);
    });
  }

  web.post('/notifications/tout-lu', (c) => mark(c, () => 'all'));
  web.post('/notifications/:id/lu', (c) =>
    mark(c, (context) => {
      const id = z.uuid().safeParse(context.req.param('id'));
      return id.success ? [id.data] : [];
    }),
  );
  return web;
}
