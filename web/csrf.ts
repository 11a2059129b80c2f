import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { secureCookies } from '../api/auth/request-info.ts';
import { AppError } from '../domain/errors.ts';
import { randomToken, sameHash } from '../services/identity/tokens.ts';

const csrfCookie = 'parcours_csrf';

/**
 * The form token (double submit): a cookie only our pages can read back into a hidden field. Every
 * form is also checked for same-origin (web/app.tsx); this token guards the session's own forms
 * (login, logout, account), where a forged post would act as the person.
 */
export function csrfToken(c: Context): string {
  const existing = getCookie(c, csrfCookie);
  if (existing && /^[a-z2-7]{32}$/.test(existing)) return existing;
  const token = randomToken();
  setCookie(c, csrfCookie, token, { path: '/', httpOnly: true, sameSite: 'Strict', secure: secureCookies(c) });
  return token;
}

export function checkCsrf(c: Context, submitted: string): void {
  const expected = getCookie(c, csrfCookie);
  if (!expected || !sameHash(expected, submitted)) throw new AppError('auth.forbidden');
}
