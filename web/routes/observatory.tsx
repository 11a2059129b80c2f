import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { type ObservatoryAccess, observatoryAccess } from '../../domain/referral/observatory-access.ts';
import { observatoryCsv } from '../../services/observatory/csv.ts';
import { observatoryFigures } from '../../services/observatory/facility-figures.ts';
import { pcoFigures } from '../../services/observatory/pco-figures.ts';
import { observatoryScopes } from '../../services/observatory/scope.ts';
import { todayInParis } from '../components/dates.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { ObservatoryPage } from '../pages/observatory.tsx';
import { type ObservatoryFilters, parseObservatoryFilters } from './observatory-filters.ts';
import { withActor } from './require-actor.ts';

function accessOf(actor: Actor): ObservatoryAccess {
  const access = observatoryAccess(actor);
  if (!access) throw new AppError('auth.forbidden');
  return access;
}

function filtersOf(c: Context<AppEnv>, access: ObservatoryAccess) {
  const today = todayInParis();
  const parsed = parseObservatoryFilters(
    {
      departement: c.req.queries('departement') ?? [],
      du: c.req.query('du'),
      au: c.req.query('au'),
      type: c.req.query('type'),
    },
    today,
  );
  if (!parsed.ok) return parsed;
  const scopes = observatoryScopes(access, parsed.filters, today);
  const filters: ObservatoryFilters = { ...parsed.filters, departements: scopes.departements };
  return { ok: true as const, filters, scope: scopes.facilities, pcoScope: scopes.pco };
}

function queryOf(filters: ObservatoryFilters): string {
  const query = new URLSearchParams({
    du: filters.from,
    au: filters.to,
    ...(filters.kind ? { type: filters.kind } : {}),
  });
  for (const code of filters.departements) query.append('departement', code);
  return query.toString();
}

/** The observatory: a territory's numbers over a period, as a page and as a CSV file. */
export function observatoryRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  web.get('/observatoire', (c) =>
    withActor(c, async (actor) => {
      const access = accessOf(actor);
      const read = filtersOf(c, access);
      const common = {
        frame: pageFrame(c, deps),
        territories: access.kind === 'territory' ? access.departements : undefined,
        ownFacilitiesOnly: access.kind === 'facilities',
      };
      if (!read.ok) {
        const today = todayInParis();
        const filters = { departements: [], from: today, to: today, kind: undefined };
        return c.html(
          <ObservatoryPage {...common} filters={filters} query="" figures={undefined} error={read.error} />,
          422,
        );
      }
      const figures = await observatoryFigures(deps.db, read.scope);
      const pco = read.pcoScope ? await pcoFigures(deps.db, read.pcoScope) : undefined;
      return c.html(
        <ObservatoryPage
          {...common}
          filters={read.filters}
          query={queryOf(read.filters)}
          figures={access.kind === 'facilities' ? { kinds: [], facilities: figures.facilities } : figures}
          pco={pco}
        />,
      );
    }),
  );

  web.get('/observatoire.csv', (c) =>
    withActor(c, async (actor) => {
      const access = accessOf(actor);
      const read = filtersOf(c, access);
      if (!read.ok) throw new AppError('request.invalid', read.error);
      const figures = await observatoryFigures(deps.db, read.scope);
      const pco = read.pcoScope ? await pcoFigures(deps.db, read.pcoScope) : undefined;
      const csv = observatoryCsv(
        access.kind === 'facilities' ? { kinds: [], facilities: figures.facilities } : figures,
        pco,
      );
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="observatoire-${read.filters.from}-${read.filters.to}.csv"`,
        'cache-control': 'no-store',
      });
    }),
  );

  return web;
}
