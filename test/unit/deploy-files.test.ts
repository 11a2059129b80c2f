import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliTypeNames, referralSearchAttributes } from '../../workflows/search-attributes.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('the deployment files', () => {
  it('register exactly the search attributes the workflows set', () => {
    const script = read('deploy/temporal/setup-namespace.sh');
    const listed = /^attributes="([^"]*)"$/m.exec(script)?.[1]?.split(/\s+/) ?? [];
    expect(listed.sort()).toEqual(
      referralSearchAttributes.map((key) => `${key.name}:${cliTypeNames[key.type]}`).sort(),
    );
  });

  it('document every variable of docker-compose.yml in .env.example, each required one without a value', () => {
    const compose = read('docker-compose.yml');
    const example = read('.env.example');
    const documented = new Map(
      [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1] ?? '', match[2] ?? '']),
    );
    const used = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((match) => match[1] ?? ''));
    const required = new Set([...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*):\?/g)].map((match) => match[1] ?? ''));
    expect([...used].filter((name) => !documented.has(name))).toEqual([]);
    expect(required).toContain('PARCOURS_DB_PASSWORD');
    expect(required).toContain('RESEND_API_KEY');
    expect(required).toContain('BREVO_API_KEY');
    expect(required).toContain('PARCOURS_PAYLOAD_KEYS');
    // No password, key or address that works as shipped: compose stops until each is set.
    expect([...required].filter((name) => documented.get(name) !== '')).toEqual([]);
    // A secret never has a fallback value in the compose file itself.
    expect(compose).not.toMatch(/\$\{[A-Z_]*(PASSWORD|KEY|SECRET|KEYS)[A-Z_]*:-[^}]/);
  });

  it('run the application in production mode, with no way to open the development mailbox', () => {
    const compose = read('docker-compose.yml');
    expect(compose).toMatch(/^ {2}NODE_ENV: production$/m);
    expect(read('Dockerfile')).toMatch(/^ENV NODE_ENV=production /m);
    expect(compose).not.toContain('PARCOURS_DEV_MAILBOX');
    expect(read('.env.example')).not.toMatch(/^PARCOURS_DEV_MAILBOX=/m);
  });
});
