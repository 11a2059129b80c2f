import { isDeclarationStale } from './capacity-freshness.ts';
import type { Pathway } from './facility-kinds.ts';

/**
 * How the directory orders facilities for a need: a score between 0 and 1, the higher the first.
 *
 *   score = 0.40 × proximité + 0.25 × disponibilité + 0.35 × réactivité
 *
 * - proximité = 1 − distance / rayon (0 at the edge of the search radius; 0.5 without a commune);
 * - disponibilité = 1 if places are declared available and the declaration is fresh, 0 if the fresh
 *   declaration says none, 0.5 when unknown or stale;
 * - réactivité = 0.5 × taux de réponse + 0.25 × rapidité + 0.25 × taux d’acceptation, learnt from
 *   the case events of the facility for that kind, each rate smoothed towards 0.5 by a prior of two
 *   requests ((n + 1) / (N + 2)) so that a facility without history is neither first nor last;
 *   rapidité = T / (T + délai médian), T being the expected answer time of the pathway (7 days for
 *   grand âge, 1 day for suites de soins): 0.5 when the facility answers in T.
 *
 * Ties: nearer first, then by name. SQL (api/facilities/search.ts) computes the same expression
 * from these constants, so results can be ordered before the limit.
 */
export const rankingWeights = { proximity: 0.4, availability: 0.25, responsiveness: 0.35 } as const;
export const responsivenessWeights = { answerRate: 0.5, speed: 0.25, acceptanceRate: 0.25 } as const;
export const expectedAnswerHours: Record<Pathway, number> = { grand_age: 7 * 24, suites_de_soins: 24 };
/**
 * A request counts in a facility's answer rate once answered, or once its answer was due: the
 * stalled deadline of domain/referral/deadlines.ts (30 days; 4 working days taken as 6 calendar days).
 */
export const answerDueDays: Record<Pathway, number> = { grand_age: 30, suites_de_soins: 6 };
/** Weight of the prior (in requests) that pulls rates towards 0.5. */
export const priorRequests = 2;

export interface AnswerStats {
  /** Requests whose answer was due: answered, or unanswered past the answer window. */
  due: number;
  answered: number;
  accepted: number;
  medianAnswerHours: number | null;
}

export interface RankingInput {
  distanceKm: number | null;
  radiusKm: number;
  availablePlaces: number | null;
  capacityDeclaredAt: Date | string | null;
  stats: AnswerStats;
  pathway: Pathway;
  now: Date;
  staleAfterDays: number;
}

export interface RankingComponents {
  score: number;
  proximity: number;
  availability: number;
  responsiveness: number;
  answerRate: number;
  speed: number;
  acceptanceRate: number;
}

export function smoothedRate(count: number, total: number): number {
  return (count + priorRequests / 2) / (total + priorRequests);
}

export function proximityScore(distanceKm: number | null, radiusKm: number): number {
  if (distanceKm === null || radiusKm <= 0) return 0.5;
  return 1 - Math.min(distanceKm, radiusKm) / radiusKm;
}

export function availabilityScore(
  availablePlaces: number | null,
  declaredAt: Date | string | null,
  now: Date,
  staleAfterDays: number,
): number {
  if (availablePlaces === null || isDeclarationStale(declaredAt, now, staleAfterDays)) return 0.5;
  return availablePlaces > 0 ? 1 : 0;
}

export function speedScore(medianAnswerHours: number | null, pathway: Pathway): number {
  if (medianAnswerHours === null) return 0.5;
  const target = expectedAnswerHours[pathway];
  return target / (target + Math.max(0, medianAnswerHours));
}

export function rankFacility(input: RankingInput): RankingComponents {
  const proximity = proximityScore(input.distanceKm, input.radiusKm);
  const availability = availabilityScore(
    input.availablePlaces,
    input.capacityDeclaredAt,
    input.now,
    input.staleAfterDays,
  );
  const answerRate = smoothedRate(input.stats.answered, input.stats.due);
  const acceptanceRate = smoothedRate(input.stats.accepted, input.stats.answered);
  const speed = speedScore(input.stats.medianAnswerHours, input.pathway);
  const responsiveness =
    responsivenessWeights.answerRate * answerRate +
    responsivenessWeights.speed * speed +
    responsivenessWeights.acceptanceRate * acceptanceRate;
  const score =
    rankingWeights.proximity * proximity +
    rankingWeights.availability * availability +
    rankingWeights.responsiveness * responsiveness;
  return { score, proximity, availability, responsiveness, answerRate, speed, acceptanceRate };
}

/** "2 jours", "5 heures", "moins d’une heure". */
export function answerDelayLabel(hours: number): string {
  if (hours < 1) return 'moins d’une heure';
  if (hours < 36) {
    const rounded = Math.round(hours);
    return rounded === 1 ? '1 heure' : `${rounded} heures`;
  }
  const days = Math.round(hours / 24);
  return days === 1 ? '1 jour' : `${days} jours`;
}

function formatKm(km: number): string {
  return km < 10 ? km.toFixed(1).replace('.', ',') : String(Math.round(km));
}

/** The French sentences that explain a facility's place in the results, for requesters. */
export function rankingExplanation(input: RankingInput): string[] {
  const lines: string[] = [];
  if (input.distanceKm !== null) lines.push(`à ${formatKm(input.distanceKm)} km`);
  const { stats } = input;
  if (stats.due === 0 && stats.answered === 0) {
    lines.push('pas encore d’historique de réponses sur Parcours : réactivité comptée comme moyenne');
    return lines;
  }
  if (stats.medianAnswerHours !== null) {
    lines.push(`répond en ${answerDelayLabel(stats.medianAnswerHours)} en général (médiane)`);
  }
  if (stats.due > 0) {
    lines.push(answeredLine(stats.answered, stats.due));
  }
  if (stats.answered > 0) {
    const percent = Math.round((100 * stats.accepted) / stats.answered);
    lines.push(`accepte ${percent} % des demandes auxquelles il répond`);
  }
  return lines;
}

/** « a répondu à 4 des 5 demandes reçues », never « à 1 des 1 demande reçue ». */
function answeredLine(answered: number, due: number): string {
  if (due === 1) return answered >= 1 ? 'a répondu à la demande reçue' : 'n’a pas encore répondu à la demande reçue';
  if (answered >= due) return `a répondu aux ${due} demandes reçues`;
  return `a répondu à ${answered} des ${due} demandes reçues`;
}
