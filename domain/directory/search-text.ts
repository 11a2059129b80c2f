/** Text as searched: lower case, accents and punctuation dropped, spaces collapsed ("Saint-Étienne" → "saint etienne"). */
export function searchText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Commune names as written by FINESS ("ST GENIS LAVAL") and by the COG ("Saint-Genis-Laval") compare equal. */
export function communeKey(value: string): string {
  return searchText(value)
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bcedex\b.*$/, '')
    .replace(/\s+\d+\s*$/, '')
    .trim();
}
