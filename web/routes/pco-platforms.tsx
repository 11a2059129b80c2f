import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../api/env.ts';
import { listPlatforms, upsertPlatform } from '../../api/pco/platforms.ts';
import { platformBody } from '../../api/pco/schemas.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { canAdministerPlatforms } from '../../domain/pco/policies.ts';
import { type FieldErrors, fieldErrors, optional, readForm, reportMissing } from '../components/form-data.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { emptyPlatform, PcoPlatformsPage, type PlatformValues } from '../pages/pco-platforms.tsx';
import { withActor } from './require-actor.ts';

const saved = 'La plateforme est enregistrée.';

function administrator(actor: Actor): Actor {
  if (!canAdministerPlatforms(actor)) throw new AppError('auth.forbidden');
  return actor;
}

/** Administrators keep the table of PCO TND platforms per département and age range. */
export function pcoPlatformRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  async function render(
    c: Context<AppEnv>,
    page: { values: PlatformValues; editing: boolean; errors?: FieldErrors; notice?: string; error?: AppError },
  ) {
    const errors = page.errors ?? {};
    const status = page.error ? page.error.status : Object.keys(errors).length > 0 ? 422 : 200;
    return c.html(
      <PcoPlatformsPage
        frame={pageFrame(c, deps)}
        platforms={await listPlatforms(deps.db)}
        values={page.values}
        editing={page.editing}
        errors={errors}
        notice={page.notice}
        error={page.error}
      />,
      status as ContentfulStatusCode,
    );
  }

  web.get('/pco/plateformes', (c) =>
    withActor(c, async (actor) => {
      administrator(actor);
      const editedId = c.req.query('modifier');
      const edited = editedId ? (await listPlatforms(deps.db)).find((platform) => platform.id === editedId) : undefined;
      const values: PlatformValues = edited
        ? {
            name: edited.name,
            departement: edited.departement,
            ageRange: edited.ageRange,
            email: edited.email,
            phone: edited.phone ?? '',
            finess: edited.finess ?? '',
          }
        : emptyPlatform;
      return render(c, {
        values,
        editing: edited !== undefined,
        ...(c.req.query('fait') === 'oui' ? { notice: saved } : {}),
      });
    }),
  );

  web.post('/pco/plateformes', (c) =>
    withActor(c, async (actor) => {
      administrator(actor);
      const form = await readForm(c);
      const values: PlatformValues = {
        name: form.text('name'),
        departement: form.text('departement').trim().toUpperCase(),
        ageRange: form.text('ageRange'),
        email: form.text('email'),
        phone: form.text('phone'),
        finess: form.text('finess').trim().toUpperCase(),
      };
      const parsed = platformBody.safeParse({
        name: values.name,
        departement: values.departement,
        ageRange: values.ageRange,
        email: values.email.trim(),
        phone: optional(values.phone),
        finess: optional(values.finess),
      });
      if (!parsed.success) {
        const errors = reportMissing(fieldErrors(parsed.error), [
          ['name', values.name, 'Indiquez le nom de la plateforme.'],
          ['departement', values.departement, 'Indiquez le département.'],
          ['ageRange', values.ageRange, 'Choisissez la tranche d’âge.'],
          ['email', values.email, 'Indiquez l’adresse e-mail de la plateforme.'],
        ]);
        // The schema's own messages for these two are not in French.
        if (errors.name && values.name.trim() !== '') errors.name = 'Le nom compte de 3 à 200 caractères.';
        if (errors.phone) errors.phone = 'Le numéro compte 30 caractères au plus.';
        return render(c, { values, editing: false, errors });
      }
      try {
        await upsertPlatform(deps.db, actor, parsed.data);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        return render(c, { values, editing: false, error });
      }
      return c.redirect('/pco/plateformes?fait=oui', 303);
    }),
  );

  return web;
}
