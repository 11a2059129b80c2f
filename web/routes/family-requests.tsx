import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../api/env.ts';
import { resolveTypedCommune } from '../../api/facilities/communes.ts';
import {
  createAssistedRequest,
  createAssistedRequestBody,
  createFamilyRequest,
  createFamilyRequestBody,
} from '../../api/family/requests.ts';
import { runCommand } from '../../api/referrals/commands.ts';
import { openReferral } from '../../api/referrals/read-model.ts';
import type { ReferralDetail } from '../../api/referrals/views.ts';
import { AppError } from '../../domain/errors.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { personCommand, referralCommand } from '../../domain/referral/commands.ts';
import { canCreateAssistedRequest, canCreateFamilyRequest, isRequester } from '../../domain/referral/policies.ts';
import { listDossiersToComplete } from '../../services/family/physician-dossiers.ts';
import { familyRequestPath } from '../../services/family/requests.ts';
import { searchPhysicians } from '../../services/identity/search-physicians.ts';
import { optional, readForm, type SubmittedForm, validInput } from '../components/form-data.ts';
import { checkCsrf } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { DossiersToCompletePage, FamilyRequestPage, NewFamilyRequestPage } from '../pages/family-request.tsx';
import type { FamilyFacilityChoice } from '../pages/request-steps.tsx';
import { FamilyInvitationSections, pendingInvitationsFor } from './family-invitations.tsx';
import { caseNotice } from './referral-detail.tsx';
import { facilityChoice } from './request-steps.tsx';
import { withActor } from './require-actor.ts';

/** The département of a French postcode (Corsica: 2A below 20200, else 2B; overseas: three digits). */
export function departementOfPostcode(postcode: string): string | undefined {
  if (!/^\d{5}$/.test(postcode)) return undefined;
  if (postcode.startsWith('97')) return postcode.slice(0, 3);
  if (postcode.startsWith('20')) return Number(postcode) < 20200 ? '2A' : '2B';
  return postcode.slice(0, 2);
}

/** What a family request's page says after an action (`?fait=`): its own, or the case page's. */
function familyNotice(done: string | undefined): string | undefined {
  switch (done) {
    case 'medecin':
      return 'Le médecin est désigné : il est prévenu.';
    case 'medecin-invite':
      return 'Le médecin est invité par e-mail : il complétera le dossier dès son inscription.';
    case 'invitation':
      return 'L’invitation est envoyée : votre proche reçoit un lien pour suivre la demande.';
    case 'invitation-retiree':
      return 'L’invitation est retirée : son lien ne fonctionne plus.';
    case 'accompagnement':
      return 'Le professionnel ne suit plus la demande.';
    default:
      return caseNotice(done);
  }
}

/** The espace particulier's requests: the form of a new one, and a request's page. */
export function familyRequestRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();

  web.get('/particulier/demandes/nouvelle', (c) =>
    withActor(c, (actor) => {
      if (!canCreateFamilyRequest(actor)) throw new AppError('auth.forbidden');
      const frame = pageFrame(c, deps);
      return c.html(<NewFamilyRequestPage frame={frame} csrf={frame.csrf} />);
    }),
  );

  /** The new-request form as typed: the person and the administrative part, as the API takes them. */
  function typedRequest(form: SubmittedForm) {
    const postcode = form.text('postcode').trim();
    const defined = (record: Record<string, string | undefined>) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
    const contact = defined({
      name: optional(form.text('contactName')),
      relationship: optional(form.text('contactRelationship')),
      phone: optional(form.text('contactPhone')),
    });
    const aids = defined({
      apa: optional(form.text('apa')),
      accommodationSocialAid: optional(form.text('accommodationSocialAid')),
      housingAid: optional(form.text('housingAid')),
    });
    const measure = optional(form.text('legalProtection'));
    const departement = departementOfPostcode(postcode);
    // The person's home, where the distances to the facilities start from; the dossier's address part.
    const address = defined({
      street: optional(form.text('street')),
      postcode: optional(postcode),
      commune: optional(form.text('commune')),
      departement,
    });
    return {
      kind: 'ehpad',
      patient: {
        lastName: form.text('lastName').trim(),
        firstName: form.text('firstName').trim(),
        birthDate: form.text('birthDate'),
        sex: form.text('sex'),
        ...(departement ? { departement } : {}),
      },
      administrative: {
        ...defined({
          familySituation: optional(form.text('familySituation')),
          stayType: optional(form.text('stayType')),
          desiredEntryDate: optional(form.text('desiredEntryDate')),
        }),
        ...(Object.keys(contact).length > 0 ? { contactPerson: contact } : {}),
        ...(Object.keys(aids).length > 0 ? { financialAids: aids } : {}),
        ...(measure ? { legalProtection: { measure } } : {}),
        ...(address.street || address.commune ? { address } : {}),
      },
    };
  }

  /** Creates the request of the form; a refusal of the input shows the form again with its first reason. */
  function createFrom(assisted: boolean) {
    return (c: Context<AppEnv>) =>
      withActor(c, async (actor) => {
        const form = await readForm(c);
        checkCsrf(c, form.text('csrf'));
        const now = deps.clock?.() ?? new Date();
        try {
          const typed = typedRequest(form);
          const { caseId } = assisted
            ? await createAssistedRequest(
                deps,
                actor,
                validInput(createAssistedRequestBody, {
                  ...typed,
                  consent: {
                    givenBy: form.text('consentGivenBy').trim(),
                    givenOn: form.text('consentGivenOn'),
                    how: form.text('consentHow'),
                  },
                }),
                now,
              )
            : await createFamilyRequest(deps, actor, validInput(createFamilyRequestBody, typed), now);
          return c.redirect(`/particulier/demandes/${caseId}?creee=1`, 303);
        } catch (error) {
          if (!(error instanceof AppError) || error.status !== 422) throw error;
          const issues = Array.isArray(error.details) ? (error.details as { message?: string }[]) : [];
          const message = issues[0]?.message ?? error.message;
          const frame = pageFrame(c, deps);
          return c.html(
            <NewFamilyRequestPage frame={frame} csrf={frame.csrf} error={message} assisted={assisted} />,
            422,
          );
        }
      });
  }

  web.post('/particulier/demandes/nouvelle', createFrom(false));

  // A professional who assists the person creates it on her behalf, with her consent (issue 15 item 6).
  web.get('/demandes-accompagnees/nouvelle', (c) =>
    withActor(c, (actor) => {
      if (!canCreateAssistedRequest(actor)) throw new AppError('family.assisted_not_allowed');
      const frame = pageFrame(c, deps);
      return c.html(<NewFamilyRequestPage frame={frame} csrf={frame.csrf} assisted />);
    }),
  );

  web.post('/demandes-accompagnees/nouvelle', createFrom(true));

  /** The physicians found by name or RPPS, in the commune of practice typed if any; what went wrong said in French. */
  async function physicianSearch(actor: Actor, q: string, communeText: string) {
    if (q.length < 2) return {};
    const commune = communeText ? await resolveTypedCommune(deps.db, communeText) : undefined;
    const note =
      commune?.status === 'ask'
        ? 'Plusieurs communes portent ce nom : indiquez plutôt le code postal. Résultats de toutes les communes :'
        : commune?.status === 'unknown'
          ? `${commune.message} Résultats de toutes les communes :`
          : undefined;
    try {
      const insee = commune?.status === 'resolved' ? commune.commune.insee : undefined;
      return { matches: await searchPhysicians(deps.db, { actor, q, commune: insee }), note };
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 422) throw error;
      return { note: error.message };
    }
  }

  web.get('/particulier/demandes/:id', (c) =>
    withActor(c, async (actor) => {
      const id = c.req.param('id');
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('referral.not_found');
      const referral = await openReferral(deps, actor, id);
      if (referral.origin !== 'family') throw new AppError('referral.not_found');
      const frame = pageFrame(c, deps);
      // The référent who created it designates the physician: a search among the registered ones.
      const q = (c.req.query('medecin') ?? '').trim().slice(0, 100);
      const communeText = (c.req.query('commune-medecin') ?? '').trim().slice(0, 100);
      // (An assisting professional leaves it to the référent they invite.)
      const physicianChoice =
        actor.role === 'particulier' && isRequester(actor, { requesterId: referral.requester.id })
          ? { csrf: frame.csrf, q, commune: communeText, ...(await physicianSearch(actor, q, communeText)) }
          : undefined;
      return c.html(
        <FamilyRequestPage
          frame={frame}
          referral={referral}
          created={c.req.query('creee') === '1'}
          notice={familyNotice(c.req.query('fait'))}
          physicianChoice={physicianChoice}
        >
          <FamilyInvitationSections
            referral={referral}
            csrf={frame.csrf}
            error={c.req.query('invitation')}
            pending={await pendingInvitationsFor(deps, actor, referral.id)}
          />
        </FamilyRequestPage>,
      );
    }),
  );

  web.post('/particulier/demandes/:id/medecin', (c) =>
    withActor(c, async (actor) => {
      const id = c.req.param('id');
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new AppError('referral.not_found');
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      // A registered physician chosen in the list, or the address of one to invite.
      const invitedEmail = form.text('invitedEmail').trim();
      const payload = validInput(
        referralCommand('designatePhysician').payload ?? z.object({}),
        invitedEmail ? { invitedEmail } : { physicianId: form.text('physicianId') },
      );
      await runCommand(deps, actor, id, personCommand('designatePhysician', undefined, payload));
      return c.redirect(`/particulier/demandes/${id}?fait=${invitedEmail ? 'medecin-invite' : 'medecin'}`, 303);
    }),
  );

  // ── Choosing the facilities, once the dossier is complete, and sending (the request steps' own search and basket) ──
  const { draftOf, renderFacilities, changeBasket, sendDraft } = facilityChoice(deps);

  /** The référent's draft, complete, or her request's page (which says what is missing). */
  async function choosing(c: Context<AppEnv>, actor: Actor) {
    const loaded = await draftOf(c, actor);
    const { referral } = loaded;
    if (referral.origin !== 'family') throw new AppError('referral.not_found');
    const ready = referral.status === 'draft' && referral.dossier.missingParts.length === 0;
    return { loaded, ready, back: c.redirect(familyRequestPath(referral.id), 303) };
  }

  function familyChoice(c: Context<AppEnv>, referral: ReferralDetail): FamilyFacilityChoice & { sentHref: string } {
    const home = familyRequestPath(referral.id);
    const number = referral.dossierNumber ?? '';
    const gir = referral.dossier.gir;
    return {
      base: `${home}/etablissements`,
      sendAction: `${home}/envoyer`,
      back: home,
      csrf: pageFrame(c, deps).csrf,
      dossierNumber: number,
      girNote: `Le coût mensuel estimé compte l’hébergement et le tarif dépendance des GIR 5-6 : ce qui reste à payer quel que soit le GIR quand l’APA couvre le reste de la dépendance${gir ? ` (GIR ${gir} communiqué par le médecin traitant)` : ''}. Les aides au logement, l’aide sociale à l’hébergement et le crédit d’impôt peuvent le réduire.`,
      breadcrumbs: [
        { label: 'Mon espace', href: '/' },
        { label: `Dossier n° ${number}`, href: home },
        { label: 'Choisir les établissements' },
      ],
      sentHref: `${home}?fait=envoyee`,
    };
  }

  web.get('/particulier/demandes/:id/etablissements', (c) =>
    withActor(c, async (actor) => {
      const { loaded, ready, back } = await choosing(c, actor);
      if (!ready) return back;
      return renderFacilities(c, actor, loaded, undefined, undefined, familyChoice(c, loaded.referral));
    }),
  );

  web.post('/particulier/demandes/:id/etablissements', (c) =>
    withActor(c, async (actor) => {
      const { loaded, ready, back } = await choosing(c, actor);
      if (!ready) return back;
      const family = familyChoice(c, loaded.referral);
      return changeBasket(c, actor, loaded, await readForm(c), undefined, family.base, family);
    }),
  );

  web.post('/particulier/demandes/:id/envoyer', (c) =>
    withActor(c, async (actor) => {
      const form = await readForm(c);
      checkCsrf(c, form.text('csrf'));
      const { loaded, ready, back } = await choosing(c, actor);
      if (!ready) return back;
      return sendDraft(c, actor, loaded, undefined, familyChoice(c, loaded.referral));
    }),
  );

  web.get('/medecin/dossiers-a-completer', (c) =>
    withActor(c, async (actor) => {
      const done = c.req.query('fait');
      const notice =
        done === 'valide'
          ? referralCommand('completeByPhysician').notice
          : done === 'decline'
            ? referralCommand('declineAsPhysician').notice
            : undefined;
      return c.html(
        <DossiersToCompletePage
          frame={pageFrame(c, deps)}
          items={await listDossiersToComplete(deps.db, actor)}
          notice={notice}
        />,
      );
    }),
  );

  return web;
}
