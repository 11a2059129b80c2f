import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { defaultRetentionMonths } from '../../domain/retention.ts';
import { defaultAuthSettings } from '../../services/identity/settings.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { AccessibilityPage, type LegalFacts, LegalNoticePage, PersonalDataPage, SiteMapPage } from '../pages/legal.tsx';

/** The footer's pages: open to everyone, signed in or not (and before the CGU are accepted). */
export function legalRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  const facts: LegalFacts = {
    contactEmail: deps.contactEmail ?? 'contact@parcours.localhost',
    retentionMonths: deps.retentionMonths ?? defaultRetentionMonths,
    loginCodeIntervalDays: deps.auth?.codeIntervalDays ?? defaultAuthSettings.codeIntervalDays,
  };
  web.get('/accessibilite', (c) => c.html(<AccessibilityPage frame={pageFrame(c, deps)} facts={facts} />));
  web.get('/mentions-legales', (c) => c.html(<LegalNoticePage frame={pageFrame(c, deps)} facts={facts} />));
  web.get('/donnees-personnelles', (c) => c.html(<PersonalDataPage frame={pageFrame(c, deps)} facts={facts} />));
  web.get('/plan-du-site', (c) => c.html(<SiteMapPage frame={pageFrame(c, deps)} />));
  return web;
}
