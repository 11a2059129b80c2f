import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { resolveTypedCommune } from '../../api/facilities/communes.ts';
import {
  capacityInput,
  declareCapacity,
  facilityProfile,
  profileInput,
  updateFacilityProfile,
} from '../../api/facilities/profile.ts';
import { type FacilityQuery, facilityQuery, searchFacilities } from '../../api/facilities/search.ts';
import { communeLabel } from '../../domain/directory/commune-lookup.ts';
import { canDeclareCapacity, canEditFacilityProfile } from '../../domain/directory/facility-policies.ts';
import { AppError } from '../../domain/errors.ts';
import { facilityDoctorGrants } from '../../services/identity/doctor-grants.ts';
import { readForm } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { DirectoryPage, type DirectoryResults } from '../pages/directory.tsx';
import { FacilityProfilePage } from '../pages/facility-profile.tsx';
import { withActor } from './require-actor.ts';

/** The search form's French parameter names → the directory query (a wrong value is ignored). */
export function directoryQuery(c: Context<AppEnv>): FacilityQuery {
  const raw = {
    kind: c.req.query('type') || undefined,
    accommodation: c.req.query('accueil') || undefined,
    q: c.req.query('q') || undefined,
    radiusKm: c.req.query('rayon') || undefined,
    minPlaces: c.req.query('places') || undefined,
    maxPrice: c.req.query('prix') || undefined,
    sort: c.req.query('tri') || undefined,
    capabilities: c.req.queries('capacite') ?? undefined,
  };
  const query: FacilityQuery = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = facilityQuery.shape[key as keyof typeof facilityQuery.shape];
    const parsed = field.safeParse(value);
    if (parsed.success && parsed.data !== undefined) Object.assign(query, { [key]: parsed.data });
  }
  return query;
}

/** The directory pages: search, a facility's page, and the forms its own people keep it true with. */
export function directoryRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  web.get('/etablissements', async (c) => {
    const query = directoryQuery(c);
    const communeText = (c.req.query('commune') ?? '').trim().slice(0, 100);
    const commune = await resolveTypedCommune(deps.db, communeText, c.req.query('commune-insee') ?? '');
    if (commune.status === 'resolved') query.commune = commune.commune.insee;
    const communeChoice = commune.status === 'ask' ? commune : undefined;
    const communeError = commune.status === 'unknown' ? commune.message : undefined;
    const searched = Object.keys(query).length > 0;
    let results: DirectoryResults | undefined;
    if (searched && !communeChoice && !communeError) {
      const items = await searchFacilities(deps.db, { ...query, limit: 100 }, { now: deps.clock?.() ?? new Date() });
      results = {
        items: [...items],
        total: items.total,
        origin: items.origin,
        radiusKm: items.radiusKm,
        sort: items.sort,
      };
    }
    // Written back so that the same search, submitted again, designates the same commune.
    const shownCommune = results?.origin ? communeLabel(results.origin) : communeText;
    return c.html(
      <DirectoryPage
        frame={pageFrame(c, deps)}
        form={{ commune: shownCommune, query }}
        results={results}
        communeChoice={communeChoice}
        communeError={communeError}
      />,
    );
  });

  web.get('/mon-etablissement', (c) =>
    withActor(c, (actor) => {
      const facilityId = actor.facilityIds[0];
      if (!facilityId) throw new AppError('auth.forbidden');
      return c.redirect(`/etablissements/${facilityId}`, 303);
    }),
  );

  async function renderProfile(c: Context<AppEnv>, id: string, error?: string) {
    const actor = c.get('actor');
    const profile = await facilityProfile(deps.db, id, { now: deps.clock?.() ?? new Date() });
    // Its managers and administrators follow the facility's doctors; a proposed one sees their own state.
    const seesDoctors = actor ? canEditFacilityProfile(actor, id) || actor.role === 'admin' : false;
    const grants =
      actor && (seesDoctors || actor.facilityIds.includes(id)) ? await facilityDoctorGrants(deps.db, id) : [];
    const ownGrant = grants.find((grant) => grant.userId === actor?.id);
    return c.html(
      <FacilityProfilePage
        frame={pageFrame(c, deps)}
        profile={profile}
        rights={{
          editProfile: actor ? canEditFacilityProfile(actor, id) : false,
          declareCapacity: actor ? canDeclareCapacity(actor, id) : false,
        }}
        doctors={seesDoctors ? grants : undefined}
        ownDoctorGrant={ownGrant?.status === 'pending' ? { pscAvailable: Boolean(deps.psc) } : undefined}
        notice={c.req.query('fait')}
        error={error}
      />,
      error ? 422 : 200,
    );
  }

  web.get('/etablissements/:id', (c) => renderProfile(c, c.req.param('id')));

  web.post('/etablissements/:id/places', (c) =>
    withActor(c, async (actor) => {
      const id = c.req.param('id');
      const form = await readForm(c);
      const units: unknown[] = [];
      for (let index = 0; index < 60; index++) {
        const name = form.text(`unite.${index}.nom`).trim();
        if (!name) continue;
        const installed = form.text(`unite.${index}.installees`).trim();
        units.push({
          name,
          accommodationType: form.text(`unite.${index}.accueil`),
          installedPlaces: installed === '' ? null : Number(installed),
          availablePlaces: Number(form.text(`unite.${index}.disponibles`).trim() || 'NaN'),
        });
      }
      const parsed = capacityInput.safeParse({ units });
      if (!parsed.success) {
        return renderProfile(
          c,
          id,
          'Chaque unité nommée doit indiquer un nombre de places disponibles (entier positif).',
        );
      }
      try {
        await declareCapacity(deps.db, actor, id, parsed.data);
      } catch (error) {
        if (error instanceof AppError && error.code === 'facility.places_exceed_capacity') {
          return renderProfile(c, id, error.message);
        }
        throw error;
      }
      return c.redirect(`/etablissements/${id}?fait=places`, 303);
    }),
  );

  web.post('/etablissements/:id/profil', (c) =>
    withActor(c, async (actor) => {
      const id = c.req.param('id');
      const form = await readForm(c);
      const price = form.text('prix').trim().replace(',', '.');
      const gir56 = form.text('tarif-gir56').trim().replace(',', '.');
      const phone = form.text('telephone').replace(/\s/g, '');
      const parsed = profileInput.safeParse({
        description: form.text('description').trim() || null,
        email: form.text('email').trim(),
        phone: phone === '' ? null : phone,
        accommodationTypes: form.texts('accueil'),
        capabilities: form.texts('capacite'),
        pricePerDay: price === '' ? null : Number(price),
        dependenceGir56PerDay: gir56 === '' ? null : Number(gir56),
      });
      if (!parsed.success) {
        return renderProfile(c, id, parsed.error.issues.map((issue) => issue.message).join(' '));
      }
      await updateFacilityProfile(deps.db, actor, id, parsed.data, deps.clock?.() ?? new Date());
      return c.redirect(`/etablissements/${id}?fait=profil`, 303);
    }),
  );
  return web;
}
