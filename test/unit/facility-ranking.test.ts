import { describe, expect, it } from 'vitest';
import { ageLabel, capacityLabel, isDeclarationStale } from '../../domain/directory/capacity-freshness.ts';
import {
  answerDelayLabel,
  type RankingInput,
  rankFacility,
  rankingExplanation,
  smoothedRate,
} from '../../domain/directory/facility-ranking.ts';
import { boundingBox, haversineKm } from '../../domain/directory/geo-distance.ts';

const now = new Date('2026-11-26T10:00:00Z');
const base: RankingInput = {
  distanceKm: 10,
  radiusKm: 20,
  availablePlaces: null,
  capacityDeclaredAt: null,
  stats: { due: 0, answered: 0, accepted: 0, medianAnswerHours: null },
  pathway: 'grand_age',
  now,
  staleAfterDays: 7,
};

describe('the ranking formula', () => {
  it('gives a facility without history or declaration a neutral score', () => {
    const ranking = rankFacility(base);
    expect(ranking).toMatchObject({
      proximity: 0.5,
      availability: 0.5,
      answerRate: 0.5,
      speed: 0.5,
      acceptanceRate: 0.5,
    });
    expect(ranking.score).toBeCloseTo(0.4 * 0.5 + 0.25 * 0.5 + 0.35 * 0.5, 12);
  });

  it('rewards proximity, fresh available places and a facility that answers fast and accepts', () => {
    const near = rankFacility({ ...base, distanceKm: 2 });
    const far = rankFacility({ ...base, distanceKm: 18 });
    expect(near.score).toBeGreaterThan(far.score);

    const declared = new Date(now.getTime() - 2 * 86_400_000);
    expect(rankFacility({ ...base, availablePlaces: 3, capacityDeclaredAt: declared }).availability).toBe(1);
    expect(rankFacility({ ...base, availablePlaces: 0, capacityDeclaredAt: declared }).availability).toBe(0);
    const old = new Date(now.getTime() - 30 * 86_400_000);
    expect(rankFacility({ ...base, availablePlaces: 3, capacityDeclaredAt: old }).availability).toBe(0.5);

    const responsive = rankFacility({
      ...base,
      stats: { due: 10, answered: 10, accepted: 6, medianAnswerHours: 48 },
    });
    const silent = rankFacility({ ...base, stats: { due: 10, answered: 1, accepted: 0, medianAnswerHours: 400 } });
    expect(responsive.answerRate).toBeCloseTo(11 / 12, 12);
    expect(responsive.acceptanceRate).toBeCloseTo(7 / 12, 12);
    expect(responsive.speed).toBeCloseTo(168 / (168 + 48), 12);
    expect(responsive.score).toBeGreaterThan(silent.score);
  });

  it('smooths rates towards one half with a prior of two requests', () => {
    expect(smoothedRate(0, 0)).toBe(0.5);
    expect(smoothedRate(1, 1)).toBeCloseTo(2 / 3, 12);
    expect(smoothedRate(0, 1)).toBeCloseTo(1 / 3, 12);
  });

  it('explains itself in French', () => {
    expect(rankingExplanation(base)).toEqual([
      'à 10 km',
      'pas encore d’historique de réponses sur Parcours : réactivité comptée comme moyenne',
    ]);
    expect(
      rankingExplanation({
        ...base,
        distanceKm: 4.25,
        stats: { due: 5, answered: 4, accepted: 1, medianAnswerHours: 47 },
      }),
    ).toEqual([
      'à 4,3 km',
      'répond en 2 jours en général (médiane)',
      'a répondu à 4 des 5 demandes reçues',
      'accepte 25 % des demandes auxquelles il répond',
    ]);
    const answered = (due: number, count: number) =>
      rankingExplanation({ ...base, stats: { due, answered: count, accepted: 0, medianAnswerHours: null } })[1];
    expect(answered(1, 1)).toBe('a répondu à la demande reçue');
    expect(answered(1, 0)).toBe('n’a pas encore répondu à la demande reçue');
    expect(answered(3, 3)).toBe('a répondu aux 3 demandes reçues');
    expect(answered(3, 0)).toBe('a répondu à 0 des 3 demandes reçues');
    expect(answerDelayLabel(0.5)).toBe('moins d’une heure');
    expect(answerDelayLabel(5.2)).toBe('5 heures');
  });

  it('dates a declaration of places and says when it is stale', () => {
    const declared = new Date(now.getTime() - 3 * 86_400_000);
    expect(capacityLabel({ availablePlaces: 2, declaredAt: declared }, now, 7)).toBe(
      '2 places disponibles (déclaré il y a 3 jours)',
    );
    expect(capacityLabel({ availablePlaces: 0, declaredAt: declared }, now, 2)).toBe(
      'Aucune place disponible (déclaré il y a 3 jours) — déclaration ancienne, à confirmer',
    );
    expect(capacityLabel({ availablePlaces: null, declaredAt: null }, now, 7)).toBe('Places disponibles non déclarées');
    expect(isDeclarationStale(new Date(now.getTime() - 7 * 86_400_000), now, 7)).toBe(false);
    expect(isDeclarationStale(new Date(now.getTime() - 8 * 86_400_000), now, 7)).toBe(true);
    expect(ageLabel(0)).toBe('aujourd’hui');
    expect(ageLabel(1)).toBe('hier');
    expect(ageLabel(90)).toBe('il y a 3 mois');
  });
});

describe('distances', () => {
  it('measures Lyon–Villeurbanne and Paris–Marseille as a map would', () => {
    expect(haversineKm({ lat: 45.758, lon: 4.835 }, { lat: 45.77188, lon: 4.88983 })).toBeCloseTo(4.55, 1);
    expect(haversineKm({ lat: 48.8566, lon: 2.3522 }, { lat: 43.2965, lon: 5.3698 })).toBeCloseTo(660.5, 0);
  });

  it('boxes every point within the radius', () => {
    const center = { lat: 45.758, lon: 4.835 };
    const box = boundingBox(center, 20);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      // A point 19.9 km away in that direction (small-distance approximation, well inside 20 km).
      const point = {
        lat: center.lat + (19.9 / 111.2) * Math.cos(rad),
        lon: center.lon + (19.9 / (111.2 * Math.cos((center.lat * Math.PI) / 180))) * Math.sin(rad),
      };
      expect(haversineKm(center, point)).toBeLessThan(20);
      expect(point.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(point.lat).toBeLessThanOrEqual(box.maxLat);
      expect(point.lon).toBeGreaterThanOrEqual(box.minLon);
      expect(point.lon).toBeLessThanOrEqual(box.maxLon);
    }
  });
});
