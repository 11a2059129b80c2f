// Installs npm dependencies when node_modules is missing or older than the lockfile; instant otherwise.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  console.log('Installation des dépendances npm…');
  execSync('npm install --no-audit --no-fund', { stdio: 'inherit' });
}
