import { describe, expect, it } from 'vitest';
import { messagesForEvents, messageTemplates } from '../../domain/messages/case-messages.ts';
import { createReferral, decide } from '../../domain/referral/decide.ts';
import type { ReferralState } from '../../domain/referral/state.ts';
import { completeDossier } from '../support/dossiers.ts';
import { wholeFamilyStory, wholeReferralStory } from '../support/referral-story.ts';

const now = '2026-11-26T10:00:00.000Z';

const patient = { lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female' } as const;

describe('messages sent for case events', () => {
  const { state: draft } = createReferral(
    {
      caseId: '77b17d99-3bfd-4ab4-ad52-d5e5a5b3d675',
      kind: 'ehpad',
      requesterId: 'physician-1',
      patient,
      dossier: completeDossier('ehpad', patient),
      facilities: [
        { taskId: 't1', facilityId: 'f1', facilityName: 'EHPAD Les Tilleuls' },
        { taskId: 't2', facilityId: 'f2', facilityName: 'EHPAD Le Parc' },
      ],
    },
    now,
  );
  const sent = decide(draft, { type: 'send', actorId: 'physician-1' }, now);
  if (!sent.ok) throw new Error('send refused');
  const refused = decide(sent.state, { type: 'refuse', taskId: 't2', actorId: 'x', reasonCode: 'distance' }, now);
  if (!refused.ok) throw new Error('refuse refused');

  it('tells each facility of its new request once, keyed by workflow, event and recipient', () => {
    const drafts = messagesForEvents('referral/77b1', sent.state, sent.events, 'https://parcours.example');
    expect(drafts.map((message) => [message.template, message.recipient, message.idempotencyKey])).toEqual([
      ['facility_new_request', { type: 'facility', facilityId: 'f1' }, 'referral/77b1/3/facility:f1'],
      ['facility_new_request', { type: 'facility', facilityId: 'f2' }, 'referral/77b1/4/facility:f2'],
    ]);
    expect(drafts[0]?.text).toContain('https://parcours.example/demandes/77b17d99-3bfd-4ab4-ad52-d5e5a5b3d675');
    expect(drafts[0]?.subject).toBe('Nouvelle demande d’admission (EHPAD) — Dossier n° 77B17D99');
  });

  it('tells the requester of a refusal with its reason, and names no patient', () => {
    const [message] = messagesForEvents(
      'referral/77b1',
      refused.state as ReferralState,
      refused.events,
      'https://p.example',
    );
    expect(message?.recipient).toEqual({ type: 'user', userId: 'physician-1' });
    expect(message?.text).toContain('Motif : Éloignement géographique.');
    expect(message?.text).toContain('https://p.example/demandes/77b17d99-3bfd-4ab4-ad52-d5e5a5b3d675');
    expect(`${message?.subject} ${message?.text}`).not.toMatch(/Dupont|Jeanne|1938|Fracture|Amlodipine/);
  });
});

describe('every message template', () => {
  it('renders through a whole story, with a link to act and without patient name or medical detail', () => {
    const caseId = '0d5c4e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f';
    const all = [
      ...wholeReferralStory({ caseId, patient, appUrl: 'https://parcours.example' }),
      ...wholeFamilyStory({ caseId, patient, appUrl: 'https://parcours.example', dossierNumber: 'P-2026-000042' }),
    ];
    const rendered = new Set(all.map((message) => message.template));
    expect([...messageTemplates].filter((template) => !rendered.has(template))).toEqual([]);
    for (const message of all) {
      expect(message.subject).toMatch(/Dossier n° (0D5C4E1F|P-2026-000042)$/);
      expect(message.text).toContain('https://parcours.example/demandes/0d5c4e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f');
      expect(`${message.subject}\n${message.text}`).not.toMatch(
        /Dupont|Jeanne|1938|Fracture|Amlodipine|kinésithérapie|GIR/i,
      );
    }
    expect(new Set(all.map((message) => message.idempotencyKey)).size).toBe(all.length);
  });
});
