const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** An amount in cents as people in France read it: `1 234,50 €`. */
export function formatEuros(cents: number): string {
  return euros.format(cents / 100);
}

/**
 * An amount typed in euros (`120`, `120,5`, `1 200,00 €`) in cents; undefined when it is not one.
 * Computed on the digits, never through floating point.
 */
export function parseEurosToCents(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '');
  const match = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!match) return undefined;
  const [, whole = '0', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}
