import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { revokeOtherSessions } from '../../api/account/sessions.ts';
import { loadActor } from '../../api/identity.ts';
import { users } from '../../db/schema.ts';
import { invitations, passkeys, sessions } from '../../db/schema-identity.ts';
import { seedDemoData } from '../../db/seed.ts';
import { setCodeChannel } from '../../services/identity/code-channel.ts';
import { withdrawInvitation } from '../../services/identity/invitations.ts';
import { removePasskey } from '../../services/identity/passkeys.ts';
import { demo } from '../support/platform.ts';
import { createScratchDatabase } from '../support/scratch-database.ts';

/** The journal's insert, refused by the trigger (drizzle names the failed query; the cause is 'audit refused'). */
const auditRefused = /Failed query: insert into "audit_log"/;

let database: Awaited<ReturnType<typeof createScratchDatabase>>;

// A scratch database whose journal refuses every row: the shared one's journal stays untouched.
beforeAll(async () => {
  database = await createScratchDatabase(inject('databaseUrl'), 'audit_atomic');
  await seedDemoData(database.db);
  await database.db.execute(sql`
    create function refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'audit refused'; end $$`);
  await database.db.execute(sql`
    create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`);
});
afterAll(async () => {
  await database?.drop();
});

describe('a state change and its audit row commit together', () => {
  it('an invitation whose withdrawal cannot be journaled stays pending', async () => {
    const { db } = database;
    const actor = await loadActor(db, demo.admin);
    if (!actor) throw new Error('admin');
    const [invitation] = await db
      .insert(invitations)
      .values({
        id: randomUUID(),
        email: `atomic-${randomUUID()}@exemple.fr`,
        role: 'coordinator',
        territories: ['69'],
        invitedBy: demo.admin,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      .returning({ id: invitations.id, handle: invitations.handle });
    if (!invitation) throw new Error('invitation');
    await expect(withdrawInvitation(db, { actor, id: invitation.handle, ip: '192.0.2.50' })).rejects.toThrow(
      auditRefused,
    );
    const [after] = await db
      .select({ withdrawnAt: invitations.withdrawnAt })
      .from(invitations)
      .where(eq(invitations.id, invitation.id));
    expect(after?.withdrawnAt).toBeNull();
  });

  it('a passkey whose removal cannot be journaled is still there', async () => {
    const { db } = database;
    const id = `atomic-${randomUUID()}`;
    await db
      .insert(passkeys)
      .values({ id, userId: demo.physician, publicKey: 'AAAA', deviceType: 'singleDevice', name: 'Clé' });
    await expect(removePasskey(db, { userId: demo.physician, id, ip: '192.0.2.50' })).rejects.toThrow(auditRefused);
    expect(await db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.id, id))).toHaveLength(1);
  });

  it('sessions whose revocation cannot be journaled stay open; a code channel stays as it was', async () => {
    const { db } = database;
    const id = `atomic-${randomUUID()}`;
    await db.insert(sessions).values({ id, userId: demo.otherPhysician, expiresAt: new Date(Date.now() + 86_400_000) });
    await expect(
      revokeOtherSessions(db, { userId: demo.otherPhysician, currentId: undefined, ip: '192.0.2.50' }),
    ).rejects.toThrow(auditRefused);
    expect(await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id))).toHaveLength(1);

    await db
      .update(users)
      .set({ phone: '+33612345678', phoneVerifiedAt: new Date(), codeChannel: 'email' })
      .where(eq(users.id, demo.otherPhysician));
    await expect(setCodeChannel(db, { userId: demo.otherPhysician, channel: 'sms', ip: '192.0.2.50' })).rejects.toThrow(
      auditRefused,
    );
    const [account] = await db
      .select({ codeChannel: users.codeChannel })
      .from(users)
      .where(eq(users.id, demo.otherPhysician));
    expect(account?.codeChannel).toBe('email');
  });
});
