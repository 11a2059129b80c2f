import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import { outboxMessages, users } from '../../db/schema.ts';
import { platformTest } from '../support/fixtures.ts';
import { signIn } from '../support/sessions.ts';

type OutboxInsert = typeof outboxMessages.$inferInsert;

/** People of this file only, so that their messages and counts are exactly the ones written here. */
const it = platformTest.extend('person', async ({ platform }) => {
  return async () => {
    const email = `notifications-${randomUUID().slice(0, 8)}@notifications-page.test`;
    const [row] = await platform.db
      .insert(users)
      .values({ role: 'physician', displayName: 'Dr Cloche', email })
      .returning();
    if (!row) throw new Error('user');
    const { cookie } = await signIn(platform.db, row.id);
    return { id: row.id, email, cookie };
  };
});

let minute = 0;
/** An outbox row addressed to a person, each one a minute after the previous (newest last). */
function messageTo(person: { id: string; email: string }, fields: Partial<OutboxInsert> = {}): OutboxInsert {
  minute += 1;
  const key = `notifications-page/${randomUUID()}`;
  return {
    idempotencyKey: key,
    channel: 'email',
    recipientAddress: person.email,
    recipientType: 'user',
    recipientId: person.id,
    template: 'requester_answer_received',
    category: 'answer',
    subject: `Réponse reçue ${minute}`,
    textBody: `Un établissement a répondu à votre demande (${minute}).`,
    status: 'sent',
    createdAt: new Date(Date.UTC(2026, 10, 2, 8, minute)),
    data: { caseUrl: 'http://localhost:3000/demandes/00000000-0000-4000-8000-00000000abcd' },
    ...fields,
  };
}

describe('the « Notifications » page and the header’s bell', () => {
  it('lists the person’s own messages, newest first, by category, « Application seulement » ones included', async ({
    platform,
    person,
  }) => {
    const me = await person();
    const other = await person();
    const emailed = messageTo(me, { category: 'case_update', subject: 'Choix de l’établissement' });
    await platform.db.insert(outboxMessages).values([
      messageTo(me, { channel: 'in_app', status: 'in_app', subject: 'Réponse gardée dans Parcours' }),
      emailed,
      // The SMS copy of the same message: one message, shown once.
      { ...emailed, idempotencyKey: `${emailed.idempotencyKey}/sms`, channel: 'sms', textBody: 'SMS' },
      messageTo(me, { category: 'security', subject: 'Votre code de connexion 123456' }),
      messageTo(other, { subject: 'Message d’une autre personne' }),
    ]);
    const response = await platform.app.request('/notifications', { headers: { cookie: me.cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Notifications</h1>');
    expect(html).toContain('2 notifications non lues.');
    expect(html).toMatch(/data-unread="2">2<span class="fr-sr-only"> non lues<\/span>/);
    const items = html.split('data-notification=').slice(1);
    expect(items).toHaveLength(2);
    // The e-mailed one was written first: the one kept in Parcours is the newer.
    expect(items[0]).toContain('Réponse gardée dans Parcours');
    expect(items[0]).toContain('Réponses des établissements à mes demandes');
    expect(items[0]).toContain('Non lue');
    expect(items[0]).toContain('href="/demandes/00000000-0000-4000-8000-00000000abcd"');
    expect(items[1]).toContain('Choix de l’établissement');
    expect(items[1]).toContain('Suivi des demandes (choix, retraits, mises à jour du dossier)');
    expect(html).not.toContain('Message d’une autre personne');
    expect(html).not.toContain('123456');
    // The other person's bell counts theirs only.
    const theirs = await platform.app.request('/', { headers: { cookie: other.cookie } });
    expect(await theirs.text()).toContain('data-unread="1"');
    // Anonymous: to the login page.
    const anonymous = await platform.app.request('/notifications');
    expect(anonymous.status).toBe(303);
  });

  it('marks one message read, then all, and never another person’s', async ({ platform, person }) => {
    const me = await person();
    const other = await person();
    const [first, second] = await platform.db
      .insert(outboxMessages)
      .values([messageTo(me), messageTo(me)])
      .returning({ id: outboxMessages.id });
    const [theirs] = await platform.db
      .insert(outboxMessages)
      .values([messageTo(other)])
      .returning({ id: outboxMessages.id });
    if (!first || !second || !theirs) throw new Error('rows');
    const opened = await platform.app.request('/notifications', { headers: { cookie: me.cookie } });
    const csrf = /parcours_csrf=([a-z2-7]+)/.exec(opened.headers.get('set-cookie') ?? '')?.[1] ?? '';
    expect(csrf).not.toBe('');
    const post = (path: string, fields: Record<string, string>) =>
      platform.app.request(path, {
        method: 'POST',
        headers: {
          cookie: `${me.cookie}; parcours_csrf=${csrf}`,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ csrf, ...fields }).toString(),
      });

    const forged = await post(`/notifications/${first.id}/lu`, { csrf: 'x' });
    expect(forged.status).toBe(403);
    const marked = await post(`/notifications/${first.id}/lu`, { 'non-lues': '1', page: '1' });
    expect(marked.status).toBe(303);
    expect(marked.headers.get('location')).toBe('/notifications?non-lues=1');
    await post(`/notifications/${theirs.id}/lu`, {});
    const readAt = async (ids: string[]) =>
      Object.fromEntries(
        (
          await platform.db
            .select({ id: outboxMessages.id, readAt: outboxMessages.readAt })
            .from(outboxMessages)
            .where(inArray(outboxMessages.id, ids))
        ).map((row) => [row.id, row.readAt !== null]),
      );
    expect(await readAt([first.id, second.id, theirs.id])).toEqual({
      [first.id]: true,
      [second.id]: false,
      [theirs.id]: false,
    });
    const unreadOnly = await (
      await platform.app.request('/notifications?non-lues=1', { headers: { cookie: me.cookie } })
    ).text();
    expect(unreadOnly.split('data-notification=').slice(1)).toHaveLength(1);
    expect(unreadOnly).toContain(`data-notification="${second.id}"`);

    expect((await post('/notifications/tout-lu', {})).status).toBe(303);
    expect(await readAt([first.id, second.id, theirs.id])).toEqual({
      [first.id]: true,
      [second.id]: true,
      [theirs.id]: false,
    });
    const after = await (await platform.app.request('/', { headers: { cookie: me.cookie } })).text();
    expect(after).not.toContain('data-unread=');
    expect(after).toContain('href="/notifications"');
  });

  it('pages through the messages, 20 at a time, and filters by category', async ({ platform, person }) => {
    const me = await person();
    await platform.db
      .insert(outboxMessages)
      .values([
        ...Array.from({ length: 23 }, () => messageTo(me, { category: 'reminder', subject: 'Relance' })),
        messageTo(me, { category: 'stalled', subject: 'Dossier en retard' }),
      ]);
    const first = await (await platform.app.request('/notifications', { headers: { cookie: me.cookie } })).text();
    expect(first.split('data-notification=').slice(1)).toHaveLength(20);
    expect(first.split('data-notification=')[1]).toContain('Dossier en retard');
    expect(first).toContain('href="/notifications?page=2"');
    const second = await (
      await platform.app.request('/notifications?page=2', { headers: { cookie: me.cookie } })
    ).text();
    expect(second.split('data-notification=').slice(1)).toHaveLength(4);
    expect(second).toContain('<title>Notifications (page 2) — Parcours</title>');
    const stalled = await (
      await platform.app.request('/notifications?categorie=stalled', { headers: { cookie: me.cookie } })
    ).text();
    expect(stalled.split('data-notification=').slice(1)).toHaveLength(1);
    expect(stalled).toContain('<option value="stalled" selected="">Dossiers en retard</option>');
    // An unknown category or page lists everything from the first page.
    const unknown = await platform.app.request('/notifications?categorie=nope&page=abc', {
      headers: { cookie: me.cookie },
    });
    expect(unknown.status).toBe(200);
    await platform.db.delete(outboxMessages).where(eq(outboxMessages.recipientId, me.id));
  });
});
