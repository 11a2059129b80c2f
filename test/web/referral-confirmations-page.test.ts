import { describe, expect } from 'vitest';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { formatFrenchDay } from '../../domain/calendar/days.ts';
import { inDays } from '../support/days.ts';
import { platformTestWith } from '../support/fixtures.ts';
import type { TestPlatform } from '../support/platform.ts';

/**
 * The case page's irreversible actions without JavaScript: the form posts to a confirmation step
 * that says what will happen, and only its own form does it. With JavaScript the same forms open
 * the page's modal (web/static/confirm.js), which posts `confirme=oui` at once.
 */
const it = platformTestWith({}, { worker: true });

async function post(platform: TestPlatform, path: string, cookie: string, fields: Record<string, string> = {}) {
  const response = await platform.app.request(path, {
    method: 'POST',
    headers: { cookie, origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

async function page(platform: TestPlatform, path: string, cookie: string): Promise<string> {
  const response = await platform.app.request(path, { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.text();
}

const statusOf = async (platform: TestPlatform, id: string, as: string) =>
  (await platform.api<ReferralDetail>('GET', `/api/referrals/${id}`, { as })).body;

describe('irreversible actions ask first', () => {
  it('choosing shows what is withdrawn, changes nothing, then the confirmed form chooses', async ({
    platform,
    createReferralCase,
  }) => {
    const referral = await createReferralCase({
      facilities: ['berthet', 'elisabeth'],
      answers: { berthet: { accept: { proposedEntryDate: inDays(4), comment: 'Chambre 12, au calme.' } } },
    });
    const { cookie, id: physician } = referral.requester;
    const { taskId } = referral.facilities.berthet;

    const casePage = await page(platform, `/demandes/${referral.id}`, cookie);
    // The form carries its question for the modal; the modal and its script are on the page.
    expect(casePage).toContain('data-confirm-title="Choisir cet établissement ?"');
    expect(casePage).toContain('id="pc-confirmation"');
    expect(casePage).toContain('src="/static/parcours/confirm.js"');
    // The acceptance's comment is the requester's to read, on the request and in the history.
    expect(casePage).toContain('Commentaire de l’établissement avec son accord : « Chambre 12, au calme. »');
    expect(casePage).toContain(`entrée proposée le ${formatFrenchDay(inDays(4))} · « Chambre 12, au calme. »`);

    const asked = await post(platform, `/demandes/${referral.id}/choisir`, cookie, { taskId });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('<h1 class="fr-mb-2w">Choisir cet établissement ?</h1>');
    expect(asked.html).toContain('Toutes les autres demandes en cours');
    const elisabeth = referral.created.body.tasks.find((task) => task.id === referral.facilities.elisabeth.taskId);
    expect(asked.html).toContain(`Demandes retirées : ${elisabeth?.facility.name}`);
    expect(asked.html).toContain('name="confirme" value="oui"');
    expect(asked.html).toContain(`name="taskId" value="${taskId}"`);
    expect(asked.html).toContain(`href="/demandes/${referral.id}"`);
    expect((await statusOf(platform, referral.id, physician)).status).toBe('sent');

    const done = await post(platform, `/demandes/${referral.id}/choisir`, cookie, { taskId, confirme: 'oui' });
    expect(done).toMatchObject({ status: 303, location: `/demandes/${referral.id}?fait=choix` });
    const chosen = await statusOf(platform, referral.id, physician);
    expect(chosen.status).toBe('facility_chosen');
    // Nobody is admitted yet: the other request is withdrawn by the choice, not by an admission.
    const withdrawn = chosen.tasks.find((task) => task.id === referral.facilities.elisabeth.taskId);
    expect(withdrawn?.cancellationReason).toBe('Demande retirée : le demandeur a choisi un autre établissement');
    expect(await page(platform, `/demandes/${referral.id}`, cookie)).not.toContain(
      'admission dans un autre établissement',
    );
  });

  it('withdrawing and cancelling answer with their confirmation page, the reason kept', async ({
    platform,
    createReferralCase,
  }) => {
    const referral = await createReferralCase({ facilities: ['berthet', 'elisabeth'] });
    const { cookie, id: physician } = referral.requester;
    const withdraw = `/demandes/${referral.id}/taches/${referral.facilities.berthet.taskId}/retirer`;
    const asked = await post(platform, withdraw, cookie);
    expect(asked.html).toContain('Retirer la demande adressée à cet établissement ?');
    const berthet = referral.created.body.tasks.find((task) => task.id === referral.facilities.berthet.taskId);
    expect(asked.html).toContain(`Établissement : ${berthet?.facility.name}`);
    expect((await statusOf(platform, referral.id, physician)).tasks.map((task) => task.status)).toEqual([
      'sent',
      'sent',
    ]);

    // A missing reason is said on the case page before any confirmation.
    const empty = await post(platform, `/demandes/${referral.id}/annuler`, cookie, { reason: '' });
    expect(empty.status).toBe(422);
    expect(empty.html).toContain('Indiquez le motif de l’annulation.');
    const cancel = await post(platform, `/demandes/${referral.id}/annuler`, cookie, { reason: 'Retour à domicile.' });
    expect(cancel.status).toBe(200);
    expect(cancel.html).toContain('Annuler la demande ?');
    expect(cancel.html).toContain('Motif : « Retour à domicile. »');
    expect(cancel.html).toContain('name="reason" value="Retour à domicile."');
    const done = await post(platform, `/demandes/${referral.id}/annuler`, cookie, {
      reason: 'Retour à domicile.',
      confirme: 'oui',
    });
    expect(done.status).toBe(303);
    expect((await statusOf(platform, referral.id, physician)).status).toBe('cancelled');
  });

  it('confirming an admission weeks ahead is refused in French at once; on the day, it asks, then records the day', async ({
    platform,
    createReferralCase,
  }) => {
    const referral = await createReferralCase({
      facilities: ['berthet'],
      answers: { berthet: { accept: { proposedEntryDate: inDays(30) } } },
    });
    const { cookie: requester } = referral.requester;
    const { taskId, member } = referral.facilities.berthet;
    await post(platform, `/demandes/${referral.id}/choisir`, requester, { taskId, confirme: 'oui' });
    const admit = `/demandes/${referral.id}/taches/${taskId}/confirmer-admission`;

    const facilityPage = await page(platform, `/demandes/${referral.id}`, member.cookie);
    expect(facilityPage).toContain(`pourra être confirmée à partir du ${formatFrenchDay(inDays(23))}`);
    expect(facilityPage).toContain(`name="actualEntryDate" type="date" value="${inDays(30)}"`);

    // Even past the modal (confirme=oui), the message is French and names the days; no code alone.
    const early = await post(platform, admit, member.cookie, { actualEntryDate: inDays(30), confirme: 'oui' });
    expect(early.status).toBe(409);
    expect(early.html).toContain(`l’entrée prévue est le ${formatFrenchDay(inDays(30))}`);
    expect(early.html).toContain('data-code="task.admission_too_early"');
    expect(early.html).not.toContain('Code : ');

    const asked = await post(platform, admit, member.cookie, { actualEntryDate: inDays(0) });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Confirmer l’admission ?');
    expect(asked.html).toContain(`Date d’entrée enregistrée : ${formatFrenchDay(inDays(0))}`);
    const done = await post(platform, admit, member.cookie, { actualEntryDate: inDays(0), confirme: 'oui' });
    expect(done.status).toBe(303);
    const closed = await page(platform, `/demandes/${referral.id}`, requester);
    expect(closed).toContain(`Entrée effective le ${formatFrenchDay(inDays(0))}`);
    expect(closed).toContain(`entrée le ${formatFrenchDay(inDays(0))}`);
  });

  it('a draft says its requests are to send, not « Envoi programmé »; the next deadline says what it is', async ({
    platform,
    createReferralCase,
  }) => {
    const draft = await createReferralCase({ facilities: ['berthet'], send: false });
    const html = await page(platform, `/demandes/${draft.id}`, draft.requester.cookie);
    expect(html).not.toContain('Envoi programmé');
    expect(html).toContain('À envoyer (brouillon)');

    const sent = await createReferralCase({ facilities: ['berthet'] });
    const sentPage = await page(platform, `/demandes/${sent.id}`, sent.requester.cookie);
    expect(sentPage).toMatch(/Prochaine échéance, le .+ : relance d’un établissement sans réponse\./);
  });
});
