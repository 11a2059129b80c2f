/**
 * Who hears of what, and how: each message template belongs to a category; each person chooses,
 * per category, e-mail, SMS, both, or only in the app. Facilities with many requests may take a
 * daily digest instead of one message per event. Security messages (codes, verification, reset,
 * invitation) ignore preferences: they always go where the caller sends them.
 */
export const notificationCategories = {
  new_request: 'Nouvelles demandes adressées à mon établissement',
  reminder: 'Relances et rappels',
  answer: 'Réponses des établissements à mes demandes',
  case_update: 'Suivi des demandes (choix, retraits, mises à jour du dossier)',
  stalled: 'Dossiers en retard',
  pco_decision: 'Décisions sur les orientations PCO',
  digest: 'Récapitulatif quotidien',
  coordination: 'Récapitulatif quotidien des dossiers en retard de mon territoire (coordination)',
  capacity: 'Rappel hebdomadaire de déclaration des places disponibles (établissement)',
  security: 'Compte et sécurité (codes, vérification, réinitialisation, invitation)',
} as const;

export type NotificationCategory = keyof typeof notificationCategories;

/** Categories a person may set; the others are fixed. */
export const configurableCategories = [
  'new_request',
  'reminder',
  'answer',
  'case_update',
  'stalled',
  'pco_decision',
] as const satisfies readonly NotificationCategory[];

/** Categories only a coordinator sets: the morning digest of their territory's stalled cases. */
export const coordinatorCategories = ['coordination'] as const satisfies readonly NotificationCategory[];

/** Every category a preference may be saved for (the coordinator's ones are refused to others). */
export const settableCategories = [...configurableCategories, ...coordinatorCategories] as const;

export type ConfigurableCategory = (typeof settableCategories)[number];

/**
 * What a particulier (person or référent) hears of: the answers to their requests, their course,
 * reminders. Never the professionals' categories (new requests to a facility, stalls, PCO decisions).
 */
export const particulierCategories = [
  'answer',
  'case_update',
  'reminder',
] as const satisfies readonly ConfigurableCategory[];

/** The categories a person sees on « Mes notifications », by role. */
export function categoriesFor(role: string): readonly ConfigurableCategory[] {
  if (role === 'particulier') return particulierCategories;
  return role === 'coordinator' ? settableCategories : configurableCategories;
}

export const notificationModes = {
  email: 'Par e-mail',
  sms: 'Par SMS',
  email_and_sms: 'Par e-mail et par SMS',
  in_app: 'Seulement dans Parcours',
} as const;

export type NotificationMode = keyof typeof notificationModes;

/** Modes that send SMS: choosing one needs a verified mobile number. */
export function usesSms(mode: NotificationMode): boolean {
  return mode === 'sms' || mode === 'email_and_sms';
}

/** Sensible defaults: everything by e-mail (SMS needs a verified number and a choice). */
export const defaultNotificationMode: NotificationMode = 'email';

/** Categories a facility's daily digest bundles; stalled cases and security messages never wait. */
export const digestibleCategories: ReadonlySet<NotificationCategory> = new Set([
  'new_request',
  'reminder',
  'case_update',
]);

export type DeliveryChannel = 'email' | 'sms';

/** What becomes of one message for one recipient: one entry per row of the outbox. */
export interface PlannedDelivery {
  channel: DeliveryChannel | 'in_app';
  address: string;
  status: 'queued' | 'in_app' | 'digest';
  /** Appended to the message's idempotency key (`/sms`), so each channel is sent once. */
  keySuffix: string;
}

export type PlanRecipient =
  /** `verifiedPhone`: only a number proved by an SMS code (see verifiedSmsNumber), never one merely typed. */
  | { type: 'user'; email: string; verifiedPhone?: string | null; mode?: NotificationMode }
  | { type: 'facility'; email: string; dailyDigest?: boolean }
  | { type: 'address'; email?: string; phone?: string };

/** The deliveries a message calls for, given its category and what its recipient chose. */
export function planDeliveries(category: NotificationCategory, recipient: PlanRecipient): PlannedDelivery[] {
  const email = (address: string, status: PlannedDelivery['status'] = 'queued'): PlannedDelivery => ({
    channel: 'email',
    address,
    status,
    keySuffix: '',
  });
  const sms = (phone: string, keySuffix = '/sms'): PlannedDelivery => ({
    channel: 'sms',
    address: phone,
    status: 'queued',
    keySuffix,
  });
  switch (recipient.type) {
    case 'address':
      // Security messages name their channel by the address given (an e-mail, or a phone alone).
      if (recipient.email) return [email(recipient.email)];
      return recipient.phone ? [sms(recipient.phone, '')] : [];
    case 'facility':
      return [
        email(recipient.email, recipient.dailyDigest && digestibleCategories.has(category) ? 'digest' : 'queued'),
      ];
    case 'user': {
      if (category === 'security') return [email(recipient.email)];
      const mode = recipient.mode ?? defaultNotificationMode;
      const phone = recipient.verifiedPhone ?? undefined;
      switch (mode) {
        case 'in_app':
          return [{ channel: 'in_app', address: recipient.email, status: 'in_app', keySuffix: '' }];
        // Without a verified number, SMS falls back to e-mail rather than to silence.
        case 'sms':
          return phone ? [sms(phone, '')] : [email(recipient.email)];
        case 'email_and_sms':
          return phone ? [email(recipient.email), sms(phone)] : [email(recipient.email)];
        default:
          return [email(recipient.email)];
      }
    }
  }
}
