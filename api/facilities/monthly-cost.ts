import { z } from '@hono/zod-openapi';

/** The OpenAPI shape of domain/directory/monthly-cost.ts's estimate, as the directory answers carry it. */
export const monthlyCostSchema = z
  .object({
    month: z.string().openapi({ description: 'Mois estimé (calendrier de Paris), `AAAA-MM`.', example: '2026-12' }),
    monthLabel: z.string().openapi({ example: 'décembre 2026' }),
    days: z.number().int().openapi({ description: 'Jours du mois.' }),
    status: z.enum(['complete', 'partial', 'unavailable']).openapi({
      description:
        '`complete` : hébergement et tarif dépendance GIR 5-6 connus ; `partial` : tarif GIR 5-6 inconnu, le total ' +
        'est un minimum ; `unavailable` : prix d’hébergement inconnu, pas de total.',
    }),
    totalCents: z.number().int().nullable().openapi({ description: 'Total en centimes d’euro.' }),
    summary: z.string(),
    terms: z.array(
      z.object({
        code: z.enum(['hebergement', 'dependance_gir_5_6']),
        label: z.string(),
        perDayCents: z.number().int().nullable(),
        days: z.number().int(),
        amountCents: z.number().int().nullable(),
        explanation: z.string(),
      }),
    ),
    dating: z.object({
      on: z.string().nullable().openapi({ description: 'Jour des prix (Paris), quand il est connu exactement.' }),
      label: z.string(),
      old: z.boolean().openapi({ description: 'Prix de plus d’un an, ou qui peuvent l’être.' }),
    }),
    warnings: z.array(z.string()).openapi({ description: 'Prix manquants ou anciens.' }),
    notes: z.array(z.string()).openapi({ description: 'Ce que l’estimation ne compte pas, et pourquoi.' }),
    aids: z.array(
      z.object({
        code: z.enum(['aide_sociale_hebergement', 'apl_als', 'reduction_impot']),
        label: z.string(),
        explanation: z.string(),
      }),
    ),
  })
  .nullable()
  .openapi('MonthlyCostEstimate', {
    description:
      'Estimation du coût mensuel pour la personne (EHPAD, USLD ; null pour les autres types) : prix d’hébergement × ' +
      'jours du mois + tarif dépendance GIR 5-6 × jours (le ticket modérateur, l’APA payant le reste pour les GIR 1 à 4). ' +
      'Aucune aide n’est déduite ; celles qui peuvent réduire le coût sont nommées.',
  });
