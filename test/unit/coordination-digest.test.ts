import { describe, expect, it } from 'vitest';
import { coordinatorDigestMessage, summariseStalledCases } from '../../domain/messages/coordination-digest.ts';
import { smsText } from '../../domain/messages/sms-text.ts';

const appUrl = 'https://parcours.example';
const at = '2026-11-27T06:00:00.000Z';
const previous = '2026-11-26T06:00:00.000Z';

const cases = [
  {
    type: 'referral',
    departement: '69',
    marks: [{ reason: 'facility_no_answer', party: 'facility', since: '2026-11-02T09:00:00.000Z' }],
  },
  {
    type: 'referral',
    departement: '69',
    marks: [{ reason: 'choice_pending', party: 'requester', since: '2026-11-26T20:00:00.000Z' }],
  },
  {
    type: 'referral',
    departement: '69',
    marks: [
      { reason: 'facility_no_answer', party: 'facility', since: '2026-11-26T21:00:00.000Z' },
      { reason: 'facility_no_answer', party: 'facility', since: '2026-11-26T22:00:00.000Z' },
    ],
  },
  { type: 'pco', departement: '13', marks: [{ reason: 'validation_overdue', since: '2026-11-20T08:00:00.000Z' }] },
] as const;

/** The digest a coordinator watching these cases gets on 27 November. */
function digestOf(watched: readonly (typeof cases)[number][]) {
  const summary = summariseStalledCases(
    watched.map((item) => ({ ...item, marks: [...item.marks] })),
    previous,
  );
  if (!summary) throw new Error('stalled cases expected');
  return coordinatorDigestMessage({
    recipient: { type: 'user', userId: 'coordinator-1' },
    day: '2026-11-27',
    at,
    summary,
    appUrl,
  });
}

describe('the coordinator’s morning digest', () => {
  it('counts stalled cases per département, the new ones, each reason once per case, and the oldest wait', () => {
    const summary = summariseStalledCases(
      cases.map((item) => ({ ...item, marks: [...item.marks] })),
      previous,
    );
    expect(summary).toEqual({
      total: 4,
      newSince: 2,
      byDepartement: [
        { departement: '13', count: 1, newCount: 0 },
        { departement: '69', count: 3, newCount: 2 },
      ],
      byReason: [
        { label: 'Pas de réponse de l’établissement dans le délai', partyLabel: 'Établissement', count: 2 },
        { label: 'Accord reçu, sans choix du demandeur', partyLabel: 'Demandeur', count: 1 },
        { label: 'Prescription non validée dans les 15 jours', partyLabel: 'Plateforme PCO', count: 1 },
      ],
      oldest: {
        since: '2026-11-02T09:00:00.000Z',
        departement: '69',
        label: 'Pas de réponse de l’établissement dans le délai',
        partyLabel: 'Établissement',
      },
    });
    expect(summariseStalledCases([], previous)).toBeUndefined();
  });

  it('says it in French, with the link to the worklist, in the e-mail and the SMS', () => {
    const message = digestOf(cases);
    expect(message.template).toBe('coordinator_digest');
    expect(message.category).toBe('coordination');
    expect(message.subject).toBe('Coordination du 27/11/2026 : 4 dossiers en retard, dont 2 nouveaux');
    for (const line of [
      '4 dossiers de votre territoire sont en retard, dont 2 nouveaux depuis le dernier récapitulatif.',
      'Département 13 : 1 dossier.',
      'Département 69 : 3 dossiers, dont 2 nouveaux.',
      'Pas de réponse de l’établissement dans le délai (attendu : établissement) : 2 dossiers.',
      'Prescription non validée dans les 15 jours (attendu : plateforme PCO) : 1 dossier.',
      'Attente la plus ancienne : depuis le 02/11/2026 (25 jours), département 69, pas de réponse de l’établissement dans le délai (attendu : établissement).',
      'Pour voir ces dossiers et relancer les parties attendues : https://parcours.example/coordination',
    ]) {
      expect(message.text).toContain(line);
    }
    expect(message.html).toContain('href="https://parcours.example/coordination"');
    expect(smsText(message)).toBe(
      'Parcours : Coordination du 27/11/2026 : 4 dossiers en retard, dont 2 nouveaux https://parcours.example/coordination',
    );
  });

  it('speaks of one case in the singular, and of none new', () => {
    const message = digestOf([cases[0]]);
    expect(message.subject).toBe('Coordination du 27/11/2026 : 1 dossier en retard');
    expect(message.text).toContain(
      'Un dossier de votre territoire est en retard, aucun nouveau depuis le dernier récapitulatif.',
    );
  });
});
