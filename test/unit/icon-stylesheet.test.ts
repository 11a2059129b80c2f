import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { iconStylesheet, iconSubset, pageIcons } from '../../web/icon-stylesheet.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every `fr-icon-…` class named in the code that renders pages. */
function iconsNamedInPages(): Set<string> {
  const named = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|js)$/.test(entry.name) && !path.endsWith('icon-stylesheet.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/fr-icon-[a-z0-9-]+/g)) named.add(match[0]);
      }
    }
  };
  for (const folder of ['web', 'api', 'app', 'services']) walk(join(root, folder));
  return named;
}

describe('the pages’ icon sheet', () => {
  it('declares every icon a page names, and only those', () => {
    expect([...iconsNamedInPages()].sort()).toEqual([...pageIcons].sort());
  });

  it('keeps the rules of the icons asked for, their media blocks and the licence, and drops the others', () => {
    const css =
      '/*! DSFR | licence */.fr-icon-a-line:after,.fr-icon-a-line:before{mask-image:url(../../icons/a.svg)}' +
      '.fr-icon-b-line:after{mask-image:url(../../icons/b.svg)}' +
      '@media screen and (-ms-high-contrast:active){.fr-icon-a-line:after{background-image:url(a.svg)}' +
      '.fr-icon-b-line:after{background-image:url(b.svg)}}@media (min-width:48em){.fr-icon-b-line:after{x:y}}';
    const subset = iconSubset(css, new Set(['fr-icon-a-line']));
    expect(subset).toBe(
      '/*! DSFR | licence */\n.fr-icon-a-line:after,.fr-icon-a-line:before{mask-image:url(../../icons/a.svg)}' +
        '@media screen and (-ms-high-contrast:active){.fr-icon-a-line:after{background-image:url(a.svg)}}',
    );
  });

  it('draws each page icon from the DSFR sheet, in a small fraction of its size', () => {
    const { css, path } = iconStylesheet();
    for (const icon of pageIcons) expect(css).toContain(`.${icon}:before`);
    expect(css).not.toContain('fr-icon-arrow-down-circle-fill');
    expect(css.length).toBeLessThan(20_000);
    expect(path).toMatch(/^utility\/icons\/icons\.parcours-[0-9a-f]{12}\.min\.css$/);
  });
});
