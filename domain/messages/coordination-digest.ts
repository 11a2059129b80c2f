import { formatFrenchDay, parisDay, parisDaysBetween } from '../calendar/days.ts';
import { type PcoStalledReason, pcoStalledReasons } from '../pco/orientation-state.ts';
import { type StalledReason, stalledReasons } from '../referral/stalls.ts';
import type { MessageRecipient, OutgoingMessage } from './case-messages.ts';
import { renderMessage } from './layout.ts';

/** Who a stalled mark waits for, as the coordinator reads it. */
export const stalledPartyLabels = {
  facility: 'Établissement',
  requester: 'Demandeur',
  platform: 'Plateforme PCO',
} as const;

export type StalledParty = keyof typeof stalledPartyLabels;

/** A stalled case as the digest sees it: where, and its marks. No identity, no dossier. */
export interface StalledCaseMarks {
  type: 'referral' | 'pco';
  departement: string;
  /** `party` for referrals; a PCO orientation waits for its platform. */
  marks: { reason: string; party?: string; since: string }[];
}

export interface CoordinatorDigestSummary {
  total: number;
  /** Cases whose every mark is newer than the previous digest: they became stalled since. */
  newSince: number;
  byDepartement: { departement: string; count: number; newCount: number }[];
  byReason: { label: string; partyLabel: string; count: number }[];
  oldest: { since: string; departement: string; label: string; partyLabel: string };
}

/** Reason and party of a mark, in French; a PCO orientation always waits for its platform. */
function describeMark(type: StalledCaseMarks['type'], mark: StalledCaseMarks['marks'][number]) {
  if (type === 'pco') {
    return {
      label: pcoStalledReasons[mark.reason as PcoStalledReason] ?? mark.reason,
      partyLabel: stalledPartyLabels.platform,
    };
  }
  return {
    label: stalledReasons[mark.reason as StalledReason] ?? mark.reason,
    partyLabel: stalledPartyLabels[mark.party as StalledParty] ?? stalledPartyLabels.requester,
  };
}

/**
 * What a coordinator's morning digest says of their territory's stalled cases; undefined when
 * nothing is stalled (no message then). `previousDigestAt` (ISO) separates the new ones.
 */
export function summariseStalledCases(
  cases: readonly StalledCaseMarks[],
  previousDigestAt: string,
): CoordinatorDigestSummary | undefined {
  const previous = Date.parse(previousDigestAt);
  const departements = new Map<string, { count: number; newCount: number }>();
  const reasons = new Map<string, { label: string; partyLabel: string; count: number }>();
  let oldest: CoordinatorDigestSummary['oldest'] | undefined;
  let total = 0;
  let newSince = 0;
  for (const stalledCase of cases) {
    if (stalledCase.marks.length === 0) continue;
    const since = stalledCase.marks.map((mark) => Date.parse(mark.since));
    const isNew = Math.min(...since) > previous;
    total += 1;
    if (isNew) newSince += 1;
    const departement = departements.get(stalledCase.departement) ?? { count: 0, newCount: 0 };
    departement.count += 1;
    if (isNew) departement.newCount += 1;
    departements.set(stalledCase.departement, departement);
    // A case counts once per reason, even when several facilities are silent.
    const seen = new Set<string>();
    for (const mark of stalledCase.marks) {
      const described = describeMark(stalledCase.type, mark);
      const key = `${described.label}/${described.partyLabel}`;
      if (!seen.has(key)) {
        seen.add(key);
        const entry = reasons.get(key) ?? { ...described, count: 0 };
        entry.count += 1;
        reasons.set(key, entry);
      }
      if (!oldest || Date.parse(mark.since) < Date.parse(oldest.since)) {
        oldest = { since: mark.since, departement: stalledCase.departement, ...described };
      }
    }
  }
  if (!oldest) return undefined;
  return {
    total,
    newSince,
    byDepartement: [...departements]
      .map(([departement, counts]) => ({ departement, ...counts }))
      .sort((a, b) => a.departement.localeCompare(b.departement)),
    byReason: [...reasons.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    oldest,
  };
}

/** « Plateforme PCO » → « plateforme PCO »: acronyms keep their capitals. */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

/**
 * The coordinator's morning digest: counts per département, the new ones, reasons and who must
 * act, the oldest wait, and the link to the worklist. Counts only, so no patient can be named.
 */
export function coordinatorDigestMessage(input: {
  recipient: MessageRecipient;
  /** Calendar day of the digest (YYYY-MM-DD, Paris). */
  day: string;
  /** Instant of the digest (ISO), to count the oldest wait in days. */
  at: string;
  summary: CoordinatorDigestSummary;
  appUrl: string;
}): OutgoingMessage<'coordinator_digest'> {
  const { summary } = input;
  const coordinationUrl = `${input.appUrl}/coordination`;
  const newPart =
    summary.newSince === 0
      ? 'aucun nouveau depuis le dernier récapitulatif'
      : `dont ${plural(summary.newSince, 'nouveau', 'nouveaux')} depuis le dernier récapitulatif`;
  const waitedDays = Math.max(0, parisDaysBetween(summary.oldest.since, input.at));
  return {
    recipient: input.recipient,
    template: 'coordinator_digest',
    category: 'coordination',
    ...renderMessage({
      subject: `Coordination du ${formatFrenchDay(input.day)} : ${plural(summary.total, 'dossier', 'dossiers')} en retard${
        summary.newSince > 0 ? `, dont ${plural(summary.newSince, 'nouveau', 'nouveaux')}` : ''
      }`,
      title: 'Les dossiers en retard de votre territoire',
      paragraphs: [
        `${summary.total > 1 ? `${summary.total} dossiers de votre territoire sont en retard` : 'Un dossier de votre territoire est en retard'}, ${newPart}.`,
        'Par département :',
        ...summary.byDepartement.map(
          (entry) =>
            `Département ${entry.departement} : ${plural(entry.count, 'dossier', 'dossiers')}${
              entry.newCount > 0 ? `, dont ${plural(entry.newCount, 'nouveau', 'nouveaux')}` : ''
            }.`,
        ),
        'Par motif :',
        ...summary.byReason.map(
          (entry) =>
            `${entry.label} (attendu : ${lowerFirst(entry.partyLabel)}) : ${plural(entry.count, 'dossier', 'dossiers')}.`,
        ),
        `Attente la plus ancienne : depuis le ${formatFrenchDay(parisDay(summary.oldest.since))} (${plural(
          waitedDays,
          'jour',
          'jours',
        )}), département ${summary.oldest.departement}, ${lowerFirst(summary.oldest.label)} (attendu : ${lowerFirst(summary.oldest.partyLabel)}).`,
      ],
      action: {
        lead: 'Pour voir ces dossiers et relancer les parties attendues',
        label: 'Ouvrir la liste des dossiers en retard',
        url: coordinationUrl,
      },
      notes: [
        'Vous recevez ce récapitulatif chaque matin tant qu’un dossier de votre territoire est en retard. Vous pouvez l’arrêter dans Mon compte, rubrique « Mes notifications ».',
      ],
    }),
    data: {
      day: input.day,
      total: String(summary.total),
      newSince: String(summary.newSince),
      coordinationUrl,
    },
  };
}
