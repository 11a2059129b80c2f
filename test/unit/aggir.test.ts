import { describe, expect, it } from 'vitest';
import {
  type AggirCode,
  type AggirGrid,
  aggirCodeSchema,
  aggirGridSchema,
  codeFromAdverbs,
  combineCoherence,
  combineDressing,
  combineElimination,
  combineFeeding,
  combineOrientation,
  combineWashing,
  computeGir,
  computeGirFromGrid,
  type DiscriminantCodes,
  discriminantVariableLabels,
  discriminantVariables,
  draftAggirGridSchema,
  type GirGroup,
  type GirRank,
  girFromRank,
  girGroups,
  girMeanings,
  groupScore,
  illustrativeVariableLabels,
  illustrativeVariables,
  rankFromGroupScore,
  subVariableLabels,
  subVariables,
} from '../../domain/referral/aggir.ts';

/** 'AACCBCCCAA' → codes for the 10 discriminant variables, in the official order. */
function codes(compact: string): DiscriminantCodes {
  expect(compact).toMatch(/^[ABC]{10}$/);
  return Object.fromEntries(
    discriminantVariables.map((variable, index) => [variable, compact[index]]),
  ) as unknown as DiscriminantCodes;
}

const allCodes: readonly AggirCode[] = ['A', 'B', 'C'];

function* vectors(length: number): Generator<AggirCode[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const head of allCodes) for (const tail of vectors(length - 1)) yield [head, ...tail];
}

describe('GIR algorithm: worked examples of DOMAIN.md §4.3', () => {
  it.each([
    ['AAAAAAAAAA', { A: 0, B: 0, C: 0, D: 0, E: 0, F: 0, G: 0, H: 0 }, 13, 6],
    ['CCCCCCCCCC', { A: 4440 }, 1, 1],
    ['CCAAAAAAAA', { A: 3200, B: 2700 }, 4, 2],
    ['AACCCCCCCC', { A: 1240, B: 960, C: 1700 }, 5, 2],
    ['AACCBCCCAA', { A: 1200, B: 900, C: 1660 }, 6, 2],
    ['AACCBCBBBB', { D: 800, E: 1800 }, 8, 3],
    ['AACCAAAAAA', { E: 800, F: 1000 }, 9, 3],
    ['AABBBBBAAA', { F: 500, G: 1000 }, 10, 4],
    ['AABBAAAAAA', { G: 400, H: 4000 }, 11, 4],
    ['AABAAAAAAA', { H: 2000 }, 12, 5],
    ['BBAAAAAAAA', { H: 0 }, 13, 6],
  ] as const)('%s → rank %i, GIR %i', (compact, scores, rank, gir) => {
    const result = computeGir(codes(compact));
    expect(result.scores).toMatchObject(scores);
    expect(result.rank).toBe(rank);
    expect(result.gir).toBe(gir);
  });

  it('reports the scores of every group evaluated, in order, and only those', () => {
    expect(computeGir(codes('AACCBCBBBB'))).toEqual({
      gir: 3,
      rank: 8,
      group: 'E',
      scores: { A: 352, B: 260, C: 500, D: 800, E: 1800 },
    });
    expect(Object.keys(computeGir(codes('CCAAAAAAAA')).scores)).toEqual(['A', 'B']);
  });
});

describe('GIR algorithm: thresholds at their edge and one point below', () => {
  // [group, score, rank or undefined = go on to the next group]
  it.each([
    ['A', 4380, 1],
    ['A', 4379, 2],
    ['A', 4140, 2],
    ['A', 4139, 3],
    ['A', 3390, 3],
    ['A', 3389, undefined],
    ['B', 2016, 4],
    ['B', 2015, undefined],
    ['C', 1700, 5],
    ['C', 1699, 6],
    ['C', 1432, 6],
    ['C', 1431, undefined],
    ['D', 2400, 7],
    ['D', 2399, undefined],
    ['E', 1200, 8],
    ['E', 1199, undefined],
    ['F', 800, 9],
    ['F', 799, undefined],
    ['G', 650, 10],
    ['G', 649, undefined],
    ['H', 4000, 11],
    ['H', 3999, 12],
    ['H', 2000, 12],
    ['H', 1999, 13],
    ['H', 0, 13],
  ] as const)('group %s, score %i → rank %s', (group, score, rank) => {
    expect(rankFromGroupScore(group, score)).toBe(rank);
  });

  it('lets negative scores of group B go on to the next group', () => {
    // Déplacement intérieur weighs −80 (C) and −40 (B) in group B.
    expect(groupScore('B', codes('AAAAAAACAA'))).toBe(-80);
    expect(groupScore('B', codes('AAAAAAABAA'))).toBe(-40);
    expect(rankFromGroupScore('B', -80)).toBeUndefined();
  });

  // Code vectors whose stopping group scores exactly its threshold (found by enumerating every vector;
  // no vector scores exactly 3390 in group A, that edge is covered by the score test above).
  it.each([
    ['CCCCACCCAA', 'A', 4380, 1, 1],
    ['CCCCCACAAA', 'A', 4140, 2, 2],
    ['ACBAAACAAA', 'B', 2016, 4, 2],
    ['AACCCCCCAA', 'C', 1700, 5, 2],
    ['AABBAACCAA', 'C', 1432, 6, 2],
    ['AAAACCAAAA', 'D', 2400, 7, 2],
    ['CACCAAAAAA', 'E', 1200, 8, 3],
    ['CBCAAAAAAA', 'F', 800, 9, 3],
    ['CAAACAAAAA', 'G', 650, 10, 4],
    ['AABBAAAAAA', 'H', 4000, 11, 4],
    ['AABAAAAAAA', 'H', 2000, 12, 5],
    ['AAAAAAAAAA', 'H', 0, 13, 6],
  ] as const)(
    'end to end: %s stops in group %s at exactly %i → rank %i, GIR %i',
    (compact, group, score, rank, gir) => {
      const result = computeGir(codes(compact));
      expect(result.group).toBe(group);
      expect(result.scores[group]).toBe(score);
      expect(result.rank).toBe(rank);
      expect(result.gir).toBe(gir);
    },
  );

  it('stops at the first group whose threshold is reached, even when a later group would score higher', () => {
    // Group A reaches rank 1 with 4440; group H would have been 14000.
    const result = computeGir(codes('CCCCCCCCCC'));
    expect(result.group).toBe('A');
    expect(Object.keys(result.scores)).toEqual(['A']);
    expect(groupScore('H', codes('CCCCCCCCCC'))).toBe(14000);
  });

  it('maps every rank to its GIR', () => {
    const ranks: GirRank[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    expect(ranks.map(girFromRank)).toEqual([1, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 5, 6]);
  });
});

describe('GIR algorithm: properties of the official text', () => {
  it('is not monotonic: transferts B gives GIR 5, transferts C gives GIR 6 for an otherwise autonomous person', () => {
    expect(computeGir(codes('AAAAAABAAA'))).toMatchObject({ rank: 12, gir: 5, scores: { H: 2000 } });
    expect(computeGir(codes('AAAAAACAAA'))).toMatchObject({ rank: 13, gir: 6, scores: { H: 1000 } });
  });

  it('never lets déplacement extérieur or communication à distance change the result', () => {
    for (const head of vectors(8)) {
      const reference = computeGir(codes([...head, 'A', 'A'].join('')));
      for (const tail of [
        ['B', 'C'],
        ['C', 'B'],
        ['C', 'C'],
      ]) {
        expect(computeGir(codes([...head, ...tail].join('')))).toEqual(reference);
      }
    }
  });

  it('always ends in a group with a rank between 1 and 13', () => {
    const seenGroups = new Set<GirGroup>();
    for (const head of vectors(8)) {
      const result = computeGir(codes([...head, 'A', 'A'].join('')));
      expect(result.rank).toBeGreaterThanOrEqual(1);
      expect(result.rank).toBeLessThanOrEqual(13);
      expect(result.gir).toBe(girFromRank(result.rank));
      seenGroups.add(result.group);
    }
    expect([...seenGroups].sort()).toEqual([...girGroups]);
  });
});

describe('coding with the four adverbs', () => {
  it('gives A when all four are yes, C when all four are no, B otherwise', () => {
    for (let mask = 0; mask < 16; mask++) {
      const answers = [0, 1, 2, 3].map((bit) => (mask & (1 << bit)) !== 0);
      const [spontaneously = false, totally = false, correctly = false, habitually = false] = answers;
      const expected = mask === 15 ? 'A' : mask === 0 ? 'C' : 'B';
      expect(codeFromAdverbs({ spontaneously, totally, correctly, habitually })).toBe(expected);
    }
  });
});

describe('sub-variable combination', () => {
  const pairs = (table: Record<string, AggirCode>) => Object.entries(table) as [string, AggirCode][];

  it.each(pairs({ AA: 'A', AB: 'B', AC: 'B', BA: 'B', BB: 'B', BC: 'B', CA: 'B', CB: 'B', CC: 'C' }))(
    'toilette (haut, bas) %s → %s',
    ([upper, lower], expected) => {
      expect(combineWashing({ upper: upper as AggirCode, lower: lower as AggirCode })).toBe(expected);
    },
  );

  it.each(pairs({ AA: 'A', AB: 'B', AC: 'B', BA: 'B', BB: 'B', BC: 'C', CA: 'B', CB: 'C', CC: 'C' }))(
    'alimentation (se servir, manger) %s → %s',
    ([serving, eating], expected) => {
      expect(combineFeeding({ serving: serving as AggirCode, eating: eating as AggirCode })).toBe(expected);
    },
  );

  it.each(pairs({ AA: 'A', AB: 'B', AC: 'C', BA: 'B', BB: 'B', BC: 'C', CA: 'C', CB: 'C', CC: 'C' }))(
    'élimination (urinaire, fécale) %s → %s',
    ([urinary, faecal], expected) => {
      expect(combineElimination({ urinary: urinary as AggirCode, faecal: faecal as AggirCode })).toBe(expected);
    },
  );

  // Rule still to verify against the annex 2-1 guide (see domain/referral/aggir.ts).
  it.each(pairs({ AA: 'A', AB: 'B', AC: 'C', BA: 'B', BB: 'B', BC: 'C', CA: 'C', CB: 'C', CC: 'C' }))(
    'cohérence (communication, comportement) and orientation (temps, espace) %s → %s',
    ([first, second], expected) => {
      const a = first as AggirCode;
      const b = second as AggirCode;
      expect(combineCoherence({ communication: a, behaviour: b })).toBe(expected);
      expect(combineOrientation({ time: a, space: b })).toBe(expected);
    },
  );

  it('habillage (haut, moyen, bas): AAA → A, CCC → C, every other combination → B', () => {
    for (const [upper, middle, lower] of vectors(3)) {
      const key = `${upper}${middle}${lower}`;
      const expected = key === 'AAA' ? 'A' : key === 'CCC' ? 'C' : 'B';
      expect(
        combineDressing({ upper: upper as AggirCode, middle: middle as AggirCode, lower: lower as AggirCode }),
      ).toBe(expected);
    }
  });
});

describe('grid', () => {
  const grid: AggirGrid = {
    discriminant: {
      coherence: { communication: 'A', behaviour: 'A' },
      orientation: { time: 'B', space: 'A' },
      washing: { upper: 'A', lower: 'C' },
      dressing: { upper: 'A', middle: 'B', lower: 'C' },
      feeding: { serving: 'C', eating: 'A' },
      elimination: { urinary: 'C', faecal: 'A' },
      transfers: 'B',
      indoorMobility: 'A',
      outdoorMobility: 'C',
      remoteCommunication: 'B',
    },
  };

  it('combines the sub-variables before running the algorithm', () => {
    const result = computeGirFromGrid(grid);
    expect(result.codes).toEqual(codes('ABBBBCBACB'));
    expect(result).toMatchObject(computeGir(codes('ABBBBCBACB')));
    expect(result.gir).toBe(3);
  });

  it('accepts a complete grid, with or without illustrative variables', () => {
    expect(aggirGridSchema.parse(grid)).toEqual(grid);
    const withIllustrative = { ...grid, illustrative: { management: 'C', leisure: 'B' } };
    expect(aggirGridSchema.parse(withIllustrative)).toEqual(withIllustrative);
  });

  it('refuses a grid with a sub-variable missing or a wrong code, in French', () => {
    const incomplete = structuredClone(grid) as { discriminant: { dressing: Record<string, unknown> } };
    delete incomplete.discriminant.dressing.middle;
    const missing = aggirGridSchema.safeParse(incomplete);
    expect(missing.success).toBe(false);
    expect(missing.error?.issues).toEqual([
      expect.objectContaining({
        path: ['discriminant', 'dressing', 'middle'],
        message: 'Cotation obligatoire (A, B ou C).',
      }),
    ]);

    const wrong = aggirGridSchema.safeParse({ ...grid, illustrative: { cooking: 'D' } });
    expect(wrong.error?.issues).toEqual([
      expect.objectContaining({ path: ['illustrative', 'cooking'], message: 'Cotation attendue : A, B ou C.' }),
    ]);
    expect(aggirCodeSchema.safeParse('a').error?.issues[0]?.message).toBe('Cotation attendue : A, B ou C.');
  });

  it('accepts a partial grid while drafting, but still checks the codes that are there', () => {
    expect(draftAggirGridSchema.parse({})).toEqual({});
    expect(draftAggirGridSchema.parse({ discriminant: { dressing: { upper: 'B' } } })).toEqual({
      discriminant: { dressing: { upper: 'B' } },
    });
    expect(draftAggirGridSchema.safeParse({ discriminant: { transfers: 'X' } }).error?.issues[0]?.message).toBe(
      'Cotation attendue : A, B ou C.',
    );
    expect(aggirGridSchema.safeParse({ discriminant: { dressing: { upper: 'B' } } }).success).toBe(false);
  });

  it('has a French label for every variable, sub-variable and GIR', () => {
    expect(Object.keys(discriminantVariableLabels)).toEqual([...discriminantVariables]);
    expect(Object.keys(illustrativeVariableLabels)).toEqual([...illustrativeVariables]);
    expect(Object.keys(aggirGridSchema.shape.discriminant.shape)).toEqual([...discriminantVariables]);
    for (const [variable, keys] of Object.entries(subVariables)) {
      expect(Object.keys(subVariableLabels[variable as keyof typeof subVariables])).toEqual([...keys]);
      const shape = aggirGridSchema.shape.discriminant.shape[variable as keyof typeof subVariables].shape;
      expect(Object.keys(shape)).toEqual([...keys]);
    }
    expect(Object.keys(girMeanings)).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});
