import { z } from '@hono/zod-openapi';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import { loadPreferences, saveFacilityDigest, savePreferences } from '../../api/notifications/preferences.ts';
import { canSetFacilityDigest } from '../../domain/directory/facility-policies.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { categoriesFor, notificationModes, settableCategories } from '../../domain/messages/preferences.ts';
import { readForm, type SubmittedForm } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { NotificationPreferencesPage, type PreferencesNotice } from '../pages/notification-preferences.tsx';
import { withActor } from './require-actor.ts';

const savedNotice: PreferencesNotice = { kind: 'success', text: 'Vos préférences de notification sont enregistrées.' };

const preferencesForm = z.object({
  modes: z.partialRecord(
    z.enum(settableCategories),
    z.enum(Object.keys(notificationModes) as [keyof typeof notificationModes]),
  ),
  digests: z.array(z.object({ facilityId: z.uuid(), dailyDigest: z.boolean() })),
});

/**
 * The posted form as the services expect it. A category without a value (its checked radio was a
 * disabled SMS one) keeps its mode; each digest facility listed is on when its box is ticked.
 */
function parsePreferencesForm(form: SubmittedForm, actor: Actor) {
  const modes = Object.fromEntries(
    categoriesFor(actor.role)
      .map((category) => [category, form.text(`mode-${category}`)] as const)
      .filter(([, mode]) => mode !== ''),
  );
  const ticked = new Set(form.texts('dailyDigest'));
  const digests = form
    .texts('digestFacility')
    .map((facilityId) => ({ facilityId, dailyDigest: ticked.has(facilityId) }));
  const parsed = preferencesForm.safeParse({ modes, digests });
  if (!parsed.success) throw new AppError('request.invalid');
  return parsed.data;
}

/** « Mes notifications » under Mon compte: the same services as /api/notifications/preferences. */
export function notificationPreferencesRoutes(deps: WebDependencies) {
  const { db } = deps;
  const web = new Hono<AppEnv>();

  async function page(
    c: Context<AppEnv>,
    actor: Actor,
    notice?: PreferencesNotice,
    status: 200 | 403 | 409 | 422 = 200,
  ) {
    const preferences = await loadPreferences(db, actor);
    const shown = notice ?? (c.req.query('enregistre') === '1' ? savedNotice : undefined);
    return c.html(
      <NotificationPreferencesPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        preferences={preferences}
        notice={shown}
      />,
      status,
    );
  }

  web.get('/compte/notifications', (c) => withActor(c, (actor) => page(c, actor)));

  web.post('/compte/notifications', (c) =>
    withActor(c, async (actor) => {
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      try {
        const { modes, digests } = parsePreferencesForm(form, actor);
        // A facility the person may not set is refused before anything is saved.
        if (digests.some((digest) => !canSetFacilityDigest(actor, digest.facilityId)))
          throw new AppError('auth.forbidden');
        await savePreferences(db, actor, { modes });
        for (const digest of digests) await saveFacilityDigest(db, actor, digest.facilityId, digest.dailyDigest);
        return c.redirect('/compte/notifications?enregistre=1', 303);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const status = error.status === 403 || error.status === 409 ? error.status : 422;
        return page(c, actor, { kind: 'error', text: error.message }, status);
      }
    }),
  );

  return web;
}
