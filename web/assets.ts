import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where each static package the pages load lives on disk (served under /static/<name>). */
export const staticPackages = {
  dsfr: fileURLToPath(new URL('../node_modules/@gouvfr/dsfr/dist', import.meta.url)),
  'swagger-ui-dist': fileURLToPath(new URL('../node_modules/swagger-ui-dist', import.meta.url)),
  simplewebauthn: fileURLToPath(new URL('../node_modules/@simplewebauthn/browser/dist/bundle', import.meta.url)),
  parcours: fileURLToPath(new URL('./static', import.meta.url)),
} as const;

export type StaticPackage = keyof typeof staticPackages;

function packageVersion(packageJson: string): string {
  const parsed = JSON.parse(readFileSync(fileURLToPath(new URL(packageJson, import.meta.url)), 'utf8')) as {
    version: string;
  };
  return parsed.version;
}

/** Our own scripts change without a version number: their content names them. */
function contentVersion(folder: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) hash.update(name).update(readFileSync(join(folder, name)));
  return hash.digest('hex').slice(0, 12);
}

/** The version in each versioned path: a new release is a new URL, so browsers may keep a file for a year. */
export const staticVersions: Record<StaticPackage, string> = {
  dsfr: packageVersion('../node_modules/@gouvfr/dsfr/package.json'),
  'swagger-ui-dist': packageVersion('../node_modules/swagger-ui-dist/package.json'),
  simplewebauthn: packageVersion('../node_modules/@simplewebauthn/browser/package.json'),
  parcours: contentVersion(staticPackages.parcours),
};

/** The cacheable address of a static file: `asset('dsfr', 'dsfr.min.css')` → `/static/dsfr@1.15.3/dsfr.min.css`. */
export function asset(name: StaticPackage, path: string): string {
  return `/static/${name}@${staticVersions[name]}/${path}`;
}
