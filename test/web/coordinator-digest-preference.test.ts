import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationPreferences, users } from '../../db/schema.ts';
import { coordinatorTerritories } from '../../db/schema-coordination.ts';
import { notificationCategories } from '../../domain/messages/preferences.ts';
import { createAccountHarness } from '../support/account-harness.ts';

let h: Awaited<ReturnType<typeof createAccountHarness>>;
beforeAll(async () => {
  h = await createAccountHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A person of this file made a coordinator of the Rhône. */
async function coordinator() {
  const person = await h.person();
  await h.db.update(users).set({ role: 'coordinator' }).where(eq(users.id, person.id));
  await h.db.insert(coordinatorTerritories).values({ userId: person.id, departement: '69' });
  return person;
}

async function coordinationMode(userId: string) {
  const rows = await h.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  return rows.find((row) => row.category === 'coordination')?.mode;
}

describe('the coordinators’ digest on « Mes notifications »', () => {
  it('is offered to a coordinator, who may turn it off and on again', async () => {
    const person = await coordinator();
    const page = await person.browser.request('GET', '/compte/notifications');
    expect(page.status).toBe(200);
    expect(page.html).toContain(notificationCategories.coordination);
    expect(page.html).toContain('Aucun nom de patient.');
    expect(page.html).toMatch(/id="mode-coordination-email" name="mode-coordination" value="email" checked=""/);
    expect(page.html).toMatch(/for="mode-coordination-in_app">Ne pas le recevoir/);

    const off = await person.browser.submit('/compte/notifications', { 'mode-coordination': 'in_app' });
    expect(off).toMatchObject({ status: 303, location: '/compte/notifications?enregistre=1' });
    expect(await coordinationMode(person.id)).toBe('in_app');

    const api = await person.browser.request('PUT', '/api/notifications/preferences', {
      modes: { coordination: 'email' },
    });
    expect(api.status).toBe(200);
    expect(await coordinationMode(person.id)).toBe('email');
  });

  it('is neither shown nor accepted for anyone else', async () => {
    const person = await h.person();
    const page = await person.browser.request('GET', '/compte/notifications');
    expect(page.html).not.toContain(notificationCategories.coordination);
    // The form ignores a field it does not show; the API refuses it outright.
    await person.browser.submit('/compte/notifications', { 'mode-coordination': 'in_app' });
    expect(await coordinationMode(person.id)).toBeUndefined();
    const api = await person.browser.request<{ code: string }>('PUT', '/api/notifications/preferences', {
      modes: { coordination: 'in_app' },
    });
    expect(api.status).toBe(403);
    expect(api.body.code).toBe('auth.forbidden');
    expect(await coordinationMode(person.id)).toBeUndefined();
  });
});
