import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { staticPackages } from './assets.ts';

/**
 * The DSFR icons the pages show (`fr-icon-…` classes). The DSFR's icon sheet declares 1,044 of
 * them (356 kB); the pages load only these. `test/unit/icon-stylesheet.test.ts` fails when a page
 * names an icon missing here.
 */
export const pageIcons = [
  'fr-icon-account-circle-line',
  'fr-icon-add-line',
  'fr-icon-arrow-left-line',
  'fr-icon-arrow-right-line',
  'fr-icon-check-line',
  'fr-icon-close-line',
  'fr-icon-delete-line',
  'fr-icon-download-line',
  'fr-icon-edit-line',
  'fr-icon-file-text-line',
  'fr-icon-lock-line',
  'fr-icon-logout-box-r-line',
  'fr-icon-mail-line',
  'fr-icon-notification-3-line',
  'fr-icon-printer-line',
  'fr-icon-question-line',
  'fr-icon-refresh-line',
  'fr-icon-save-line',
  'fr-icon-search-line',
  'fr-icon-send-plane-line',
  'fr-icon-shield-line',
  'fr-icon-time-line',
] as const;

/** Where the DSFR's full icon sheet lives in its package; the subset is served beside it. */
const fullSheet = 'utility/icons/icons.min.css';

/**
 * The rules of the DSFR icon sheet that draw one of `icons`, its licence comment first. Every rule
 * of that sheet draws named icons (a mask image per class); a rule is kept when it names one of
 * `icons`, and media blocks left empty go.
 */
export function iconSubset(css: string, icons: ReadonlySet<string>): string {
  const licence = /^\s*\/\*![\s\S]*?\*\//.exec(css)?.[0] ?? '';
  const rules = css.slice(licence.length);
  const kept = rules.replace(/([^{}]+)\{([^{}]*)\}/g, (rule, selectors: string) => {
    const named = [...selectors.matchAll(/\.(fr-(?:icon|fi)-[a-z0-9-]+)/g)].map((match) => match[1] ?? '');
    if (named.length === 0) return rule;
    return named.some((name) => icons.has(name)) ? rule : '';
  });
  return `${licence.trim()}\n${kept.replace(/@media[^{}]*\{\}/g, '')}`;
}

let built: { path: string; css: string } | undefined;

/**
 * The pages' icon sheet, built once per process: its path in the DSFR package (named by its
 * content, so it may be cached for a year beside the DSFR's own files; the icons' relative
 * `url(../../icons/…)` still resolve) and its text.
 */
export function iconStylesheet(): { path: string; css: string } {
  if (!built) {
    const css = iconSubset(readFileSync(join(staticPackages.dsfr, fullSheet), 'utf8'), new Set(pageIcons));
    const hash = createHash('sha256').update(css).digest('hex').slice(0, 12);
    built = { path: `utility/icons/icons.parcours-${hash}.min.css`, css };
  }
  return built;
}
