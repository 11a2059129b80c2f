import { describe, expect, it } from 'vitest';
import { capacityReminderMessage } from '../../domain/directory/capacity-reminder.ts';
import {
  emailVerificationMessage,
  invitationMessage,
  loginCodeMessage,
  passwordResetMessage,
  phoneVerificationMessage,
  signupExistingAccountMessage,
} from '../../domain/messages/account-messages.ts';
import type { OutgoingMessage } from '../../domain/messages/case-messages.ts';
import { allMessageTemplates } from '../../domain/messages/catalogue.ts';
import { coordinatorDigestMessage, summariseStalledCases } from '../../domain/messages/coordination-digest.ts';
import { dailyDigestMessage } from '../../domain/messages/daily-digest.ts';
import {
  physicianInvitationMessage,
  referentInvitationMessage,
} from '../../domain/messages/family-invitation-messages.ts';
import { escapeHtml } from '../../domain/messages/layout.ts';
import { orientationDecisionMessage } from '../../domain/messages/orientation-messages.ts';
import { smsText } from '../../domain/messages/sms-text.ts';
import { completeDossier } from '../support/dossiers.ts';
import { wholeFamilyStory, wholeReferralStory } from '../support/referral-story.ts';

const appUrl = 'https://parcours.example';
const patient = { lastName: 'Dupont', firstName: 'Jeanne', birthDate: '1938-04-12', sex: 'female' } as const;
const caseId = '0d5c4e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f';

/** Every string of the medical and autonomy parts of complete dossiers (both pathways), and its field names. */
function medicalFields(): string[] {
  const values: string[] = [];
  const walk = (value: unknown, key?: string, inGrid = false) => {
    // The AGGIR grid's variables are plain words (orientation, transfers…): its name stands for them.
    if (key && !inGrid) values.push(key);
    if (typeof value === 'string' && value.length >= 4) values.push(value);
    if (value && typeof value === 'object') {
      for (const [child, inner] of Object.entries(value)) walk(inner, child, inGrid || key === 'aggir');
    }
  };
  walk(completeDossier('ehpad', patient).medical);
  walk(completeDossier('smr', patient).medical);
  walk(completeDossier('ehpad', patient).autonomy);
  // Short codes (AGGIR letters, 'C') would match anything: keep words only.
  return [...new Set(values.filter((value) => value.length >= 4))];
}

/** Every case message, through one story that makes each of them happen. */
function referralSamples(): OutgoingMessage[] {
  return [
    ...wholeReferralStory({ caseId, patient, appUrl }),
    ...wholeFamilyStory({ caseId, patient, appUrl, dossierNumber: 'P-2026-000042' }),
  ];
}

function otherSamples(): OutgoingMessage[] {
  const someone = { type: 'address', email: 'personne@example.fr' } as const;
  return [
    loginCodeMessage({ recipient: someone, code: '482913', validForMinutes: 10 }),
    phoneVerificationMessage({
      phone: '+33612345678',
      code: '482913',
      validForMinutes: 10,
      expiresAt: new Date('2026-11-27T10:10:00Z'),
    }),
    emailVerificationMessage({ recipient: someone, verifyUrl: `${appUrl}/verification/abc`, validForHours: 24 }),
    passwordResetMessage({ recipient: someone, resetUrl: `${appUrl}/mot-de-passe/xyz`, validForMinutes: 30 }),
    signupExistingAccountMessage({
      recipient: someone,
      loginUrl: `${appUrl}/connexion`,
      resetUrl: `${appUrl}/connexion/mot-de-passe-oublie`,
    }),
    invitationMessage({
      recipient: someone,
      acceptUrl: `${appUrl}/invitation/tok`,
      inviterName: 'Sophie Girard',
      organisationName: 'EHPAD Sergent Berthet',
      roleLabel: 'personnel administratif',
      validForDays: 7,
    }),
    referentInvitationMessage({
      recipient: someone,
      acceptUrl: `${appUrl}/invitation/famille?jeton=tok`,
      inviterName: 'Anne Lefèvre',
      reference: 'Dossier n° P-2026-000042',
      validForDays: 7,
    }),
    physicianInvitationMessage({
      recipient: someone,
      acceptUrl: `${appUrl}/invitation/medecin?jeton=tok`,
      inviterName: 'Anne Lefèvre',
      reference: 'Dossier n° P-2026-000042',
      validForDays: 14,
    }),
    coordinatorDigestSample(),
    orientationDecisionMessage({
      recipient: { type: 'user', userId: 'physician-1' },
      reference: 'Orientation n° 1A2B3C4D',
      orientationUrl: `${appUrl}/orientations/1a2b3c4d`,
    }),
    dailyDigestMessage({
      recipient: { type: 'facility', facilityId: 'f1' },
      day: '2026-11-27',
      items: [
        { subject: 'Nouvelle demande d’admission (EHPAD) — Dossier n° 0D5C4E1F', url: `${appUrl}/demandes/${caseId}` },
        {
          subject: 'Rappel : une demande attend votre réponse — Dossier n° 0D5C4E1F',
          url: `${appUrl}/demandes/${caseId}`,
        },
      ],
      appUrl,
    }),
    ...capacityReminderSamples(),
  ];
}

/** A facility's weekly reminder, for an old declaration and for none at all. */
function capacityReminderSamples(): OutgoingMessage[] {
  const facility = { id: 'f1', name: 'EHPAD Sergent Berthet' };
  const at = '2026-11-30T06:00:00Z';
  return [
    capacityReminderMessage({ facility, declaredAt: '2026-11-16T09:30:00Z', at, staleAfterDays: 7, appUrl }),
    capacityReminderMessage({ facility, declaredAt: null, at, staleAfterDays: 7, appUrl }),
  ];
}

/** A coordinator's digest over two stalled cases of the Rhône. */
function coordinatorDigestSample(): OutgoingMessage {
  const summary = summariseStalledCases(
    [
      {
        type: 'referral',
        departement: '69',
        marks: [{ reason: 'facility_no_answer', party: 'facility', since: '2026-11-20T08:00:00Z' }],
      },
      { type: 'pco', departement: '69', marks: [{ reason: 'validation_overdue', since: '2026-11-26T20:00:00Z' }] },
    ],
    '2026-11-26T06:00:00Z',
  );
  if (!summary) throw new Error('stalled cases expected');
  return coordinatorDigestMessage({
    recipient: { type: 'user', userId: 'coordinator-1' },
    day: '2026-11-27',
    at: '2026-11-27T06:00:00Z',
    summary,
    appUrl,
  });
}

describe('every message template', () => {
  const samples = [...referralSamples(), ...otherSamples()];

  it('is covered by the samples', () => {
    const rendered = new Set(samples.map((message) => message.template));
    expect(allMessageTemplates.filter((template) => !rendered.has(template))).toEqual([]);
  });

  it('renders a subject, a text alternative and accessible French HTML with the link to act', () => {
    for (const message of samples) {
      const where = `${message.template}: ${message.subject}`;
      expect(message.subject.length, where).toBeGreaterThan(5);
      expect(message.text.startsWith('Bonjour,'), where).toBe(true);
      expect(message.text, where).toContain('— Parcours, plateforme d’orientation et d’admission');
      expect(message.html, where).toMatch(/^<!doctype html>\n<html lang="fr" dir="ltr">/);
      expect(message.html, where).toContain(`<title>${escapeHtml(message.subject)}</title>`);
      expect(message.html, where).toContain('role="article"');
      expect(message.html.match(/<h1[ >]/g), where).toHaveLength(1);
      // Every link of the text is a link of the HTML, and the other way round.
      const textLinks = [...message.text.matchAll(/https:\/\/\S+/g)].map((match) => match[0]).sort();
      const htmlLinks = [...new Set([...message.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]))].sort();
      expect([...new Set(textLinks)], where).toEqual(htmlLinks);
      // A code is typed, not followed: its messages carry no link.
      if (message.template !== 'login_code' && message.template !== 'phone_verification') {
        expect(textLinks.length, where).toBeGreaterThan(0);
      }
      // Each paragraph of the text appears, escaped, in the HTML.
      for (const line of message.text
        .split('\n')
        .filter((candidate) => /^[A-ZÀ-Ü]/.test(candidate) && !candidate.includes(' : http'))) {
        expect(message.html, `${where} / ${line}`).toContain(escapeHtml(line));
      }
      expect(
        Object.values(message.data).every((value) => typeof value === 'string'),
        where,
      ).toBe(true);
    }
  });

  it('carries no patient name and no field of the medical part, in any body, data or SMS form', () => {
    const forbidden = [...medicalFields(), patient.lastName, patient.firstName, patient.birthDate, '12/04/1938'];
    expect(forbidden).toEqual(expect.arrayContaining(['Amlodipine 5 mg/j.', 'treatments', 'clinicalReason']));
    for (const message of samples) {
      const everything = [message.subject, message.text, message.html, JSON.stringify(message.data), smsText(message)]
        .join('\n')
        .toLowerCase();
      for (const value of forbidden) {
        expect(everything.includes(value.toLowerCase()), `${message.template} contains « ${value} »`).toBe(false);
      }
      expect(everything, message.template).not.toMatch(/\bgir\b|aggir|antécédents|traitement/);
    }
  });

  it('dates the capacity reminder’s declaration in Paris, or says there is none, and links the facility’s page', () => {
    const [old, none] = capacityReminderSamples();
    expect(old?.subject).toBe('Mettez à jour vos places disponibles — EHPAD Sergent Berthet');
    expect(old?.text).toContain('date du 16/11/2026 (il y a 14 jours).');
    expect(old?.text).toContain('Au-delà de 7 jours');
    expect(none?.text).toContain(
      'Aucune déclaration de places disponibles n’a encore été faite pour EHPAD Sergent Berthet.',
    );
    for (const message of [old, none]) {
      expect(message?.text).toContain(`${appUrl}/etablissements/f1`);
      expect(message?.recipient).toEqual({ type: 'facility', facilityId: 'f1' });
    }
  });

  it('escapes what it is given', () => {
    const message = invitationMessage({
      recipient: { type: 'address', email: 'x@example.fr' },
      acceptUrl: 'https://parcours.example/invitation/a?b=1&c=2',
      inviterName: '<script>alert(1)</script>',
      organisationName: 'EHPAD "Les Tilleuls" & Cie',
      roleLabel: 'staff',
      validForDays: 7,
    });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(message.html).toContain('EHPAD &quot;Les Tilleuls&quot; &amp; Cie');
    expect(message.html).toContain('href="https://parcours.example/invitation/a?b=1&amp;c=2"');
  });
});
