import { type Context, Hono } from 'hono';
import { securityHistory } from '../../api/account/history.ts';
import { confirmPhoneVerification, removePhone, startPhoneVerification } from '../../api/account/phone.ts';
import { accountSummary } from '../../api/account/routes.ts';
import { currentSessionId, listSessions, revokeOtherSessions, revokeSession } from '../../api/account/sessions.ts';
import { readSessionCookie, setSessionCookie } from '../../api/auth/cookies.ts';
import { clientIp } from '../../api/auth/request-info.ts';
import { passwordChangeInput, sixDigitCode } from '../../api/auth/schemas.ts';
import type { AppEnv } from '../../api/env.ts';
import { AppError } from '../../domain/errors.ts';
import { isCodeChannel } from '../../domain/identity/account-security.ts';
import type { Actor } from '../../domain/identity/users.ts';
import { changePassword } from '../../services/identity/change-password.ts';
import { setCodeChannel } from '../../services/identity/code-channel.ts';
import { identityDeps } from '../../services/identity/deps.ts';
import { listPasskeys, removePasskey } from '../../services/identity/passkeys.ts';
import { minimumPasswordLength } from '../../services/identity/passwords.ts';
import { readForm, validInput } from '../components/form-data.ts';
import { checkCsrf, csrfToken } from '../csrf.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { type AccountMessage, AccountPage, type AccountSection, SecurityHistoryPage } from '../pages/account.tsx';
import { withActor } from './require-actor.ts';

/** What a redirect after success says, by its query parameter. */
const notices: Record<string, AccountMessage> = {
  'session=fermee': { section: 'sessions', kind: 'success', text: 'La session a été fermée.' },
  'sessions=fermees': { section: 'sessions', kind: 'success', text: 'Vos autres sessions ont été fermées.' },
  'mot-de-passe=change': {
    section: 'password',
    kind: 'success',
    text: 'Votre mot de passe a été changé. Vos autres sessions ont été fermées.',
  },
  'telephone=code': {
    section: 'phone',
    kind: 'success',
    text: 'Un code à 6 chiffres vient de vous être envoyé par SMS. Il est valable 10 minutes.',
  },
  'telephone=verifie': { section: 'phone', kind: 'success', text: 'Votre numéro de téléphone est vérifié.' },
  'telephone=retire': {
    section: 'phone',
    kind: 'success',
    text: 'Votre numéro a été retiré. Les codes de connexion vous sont envoyés par e-mail.',
  },
  'canal=enregistre': { section: 'channel', kind: 'success', text: 'Votre choix est enregistré.' },
  'cle=ajoutee': { section: 'passkeys', kind: 'success', text: 'La clé d’accès est ajoutée à votre compte.' },
  'cle=supprimee': { section: 'passkeys', kind: 'success', text: 'La clé d’accès a été supprimée.' },
};

/**
 * "Mon compte" in French: sessions, passkeys, password, mobile number and code channel, and the
 * login history. Forms post here and call the same services as /api/account; a refusal is shown
 * in the section where the person acted.
 */
export function accountRoutes(deps: WebDependencies) {
  const identity = identityDeps(deps);
  const { settings } = identity;
  const { db } = deps;
  const web = new Hono<AppEnv>();
  const ipOf = (c: Context) => clientIp(c, settings.trustProxy);
  const phoneDeps = { db, temporal: deps.temporal, taskQueue: deps.taskQueue, settings };

  async function page(c: Context<AppEnv>, actor: Actor, message?: AccountMessage, status: 200 | 422 = 200) {
    const [account, sessions, passkeys] = await Promise.all([
      accountSummary(deps, actor.id),
      listSessions(db, actor.id, currentSessionId(readSessionCookie(c))),
      listPasskeys(db, actor.id),
    ]);
    const notice = message ?? Object.entries(notices).find(([query]) => c.req.url.includes(`?${query}`))?.[1];
    return c.html(
      <AccountPage
        frame={pageFrame(c, deps)}
        csrf={csrfToken(c)}
        account={account}
        sessions={sessions}
        passkeys={passkeys}
        minimumPasswordLength={minimumPasswordLength}
        message={notice}
      />,
      status,
    );
  }

  /** Runs a form's action for the signed-in person: success redirects, a refusal re-renders the page. */
  function action(
    path: string,
    section: AccountSection,
    run: (c: Context<AppEnv>, actor: Actor, form: Awaited<ReturnType<typeof readForm>>) => Promise<string>,
  ) {
    web.post(path, (c) =>
      withActor(c, async (actor) => {
        const form = await readForm(c);
        checkCsrf(c, form.text('csrf'));
        try {
          return c.redirect(await run(c, actor, form), 303);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          return page(c, actor, { section, kind: 'error', text: error.message }, 422);
        }
      }),
    );
  }

  web.get('/compte', (c) => withActor(c, (actor) => page(c, actor)));

  web.get('/compte/historique', (c) =>
    withActor(c, async (actor) => {
      const requested = Number.parseInt(c.req.query('page') ?? '1', 10);
      const history = await securityHistory(db, actor.id, Number.isInteger(requested) && requested > 0 ? requested : 1);
      return c.html(<SecurityHistoryPage frame={pageFrame(c, deps)} {...history} />);
    }),
  );

  action('/compte/sessions/:id/fermer', 'sessions', async (c, actor) => {
    await revokeSession(db, { userId: actor.id, handle: c.req.param('id') ?? '', ip: ipOf(c) });
    return '/compte?session=fermee#sessions';
  });

  action('/compte/sessions/fermer-les-autres', 'sessions', async (c, actor) => {
    await revokeOtherSessions(db, { userId: actor.id, currentId: currentSessionId(readSessionCookie(c)), ip: ipOf(c) });
    return '/compte?sessions=fermees#sessions';
  });

  action('/compte/mot-de-passe', 'password', async (c, actor, form) => {
    const newPassword = form.text('newPassword');
    if (newPassword !== form.text('confirmation')) throw new AppError('auth.password_mismatch');
    const input = validInput(passwordChangeInput, { currentPassword: form.text('currentPassword'), newPassword });
    // Every session ends; the new one keeps this browser signed in.
    const { session } = await changePassword(identity, {
      userId: actor.id,
      ...input,
      ip: ipOf(c),
      userAgent: c.req.header('user-agent'),
    });
    setSessionCookie(c, session);
    return '/compte?mot-de-passe=change#mot-de-passe';
  });

  action('/compte/telephone', 'phone', async (c, actor, form) => {
    await startPhoneVerification(phoneDeps, { userId: actor.id, phone: form.text('phone'), ip: ipOf(c) });
    return '/compte?telephone=code#telephone';
  });

  action('/compte/telephone/verifier', 'phone', async (c, actor, form) => {
    const code = form.text('code').trim();
    if (!sixDigitCode.safeParse(code).success) throw new AppError('account.phone_code_invalid');
    await confirmPhoneVerification(phoneDeps, { userId: actor.id, code, ip: ipOf(c) });
    return '/compte?telephone=verifie#telephone';
  });

  action('/compte/telephone/retirer', 'phone', async (c, actor) => {
    await removePhone(db, { userId: actor.id, ip: ipOf(c) });
    return '/compte?telephone=retire#telephone';
  });

  action('/compte/canal', 'channel', async (c, actor, form) => {
    const channel = form.text('channel');
    if (!isCodeChannel(channel)) throw new AppError('request.invalid');
    await setCodeChannel(db, { userId: actor.id, channel, ip: ipOf(c) });
    return '/compte?canal=enregistre#canal';
  });

  action('/compte/cles/supprimer', 'passkeys', async (c, actor, form) => {
    await removePasskey(db, { userId: actor.id, id: form.text('id'), ip: ipOf(c) });
    return '/compte?cle=supprimee#cles';
  });

  return web;
}
