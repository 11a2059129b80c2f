import { Hono } from 'hono';
import { listCaseAnomalies } from '../../api/administration/anomalies.ts';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import { canSeeCaseAnomalies } from '../../domain/referral/policies.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { AnomaliesPage } from '../pages/anomalies.tsx';
import { withActor } from './require-actor.ts';

const shown = 200;

/** Administrators see the cases « en anomalie » (domain/anomalies.ts). */
export function anomalyRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  web.get('/administration/anomalies', (c) =>
    withActor(c, async (actor) => {
      if (!canSeeCaseAnomalies(actor)) throw new AppError('auth.forbidden');
      const anomalies = await listCaseAnomalies(deps.db, shown);
      return c.html(<AnomaliesPage frame={pageFrame(c, deps)} anomalies={anomalies} limit={shown} />);
    }),
  );
  return web;
}
