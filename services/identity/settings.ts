import type { FailureDelay } from './rate-limit.ts';

export interface AuthSettings {
  /** A device that passed a code less than this long ago logs in without one (default 30 days). */
  codeIntervalDays: number;
  codeValidityMinutes: number;
  /** A "mot de passe oublié" link works once, for this long (default 60 minutes). */
  passwordResetValidityMinutes: number;
  /** The e-mail verification link (sent once, after the first login) works once, for this long. */
  emailVerificationValidityHours: number;
  maxCodeAttempts: number;
  resendCooldownSeconds: number;
  maxCodeSends: number;
  /** Password-reset requests per identifier (login failures are delayed instead, below). */
  loginPerAccount: { limit: number; windowSeconds: number };
  /** Attempts of any kind from one address (an IPv6 /64). */
  loginPerIp: { limit: number; windowSeconds: number };
  /** Failed passwords for one account from one address: that address waits, longer each time. */
  loginFailuresPerAddress: FailureDelay;
  /**
   * Failed passwords for one account from everywhere (many addresses): a higher threshold and shorter
   * waits, which a browser this person already confirmed with a code does not wait (never a hard lock).
   */
  loginFailuresPerAccount: FailureDelay;
  /** Account creations (espace particulier) from one address (an IPv6 /64), whatever the addresses typed. */
  signUpPerIp: { limit: number; windowSeconds: number };
  /** Account creations for one e-mail address, from everywhere: how often its owner may be written to. */
  signUpPerEmail: { limit: number; windowSeconds: number };
  /** Read the client's address from X-Forwarded-For (behind a trusted proxy only). */
  trustProxy: boolean;
}

export const defaultAuthSettings: AuthSettings = {
  codeIntervalDays: 30,
  codeValidityMinutes: 10,
  passwordResetValidityMinutes: 60,
  emailVerificationValidityHours: 24,
  maxCodeAttempts: 5,
  resendCooldownSeconds: 60,
  maxCodeSends: 5,
  loginPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  loginPerIp: { limit: 100, windowSeconds: 15 * 60 },
  loginFailuresPerAddress: { free: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 },
  loginFailuresPerAccount: { free: 50, firstDelaySeconds: 5, maxDelaySeconds: 5 * 60, forgetAfterSeconds: 24 * 3600 },
  signUpPerIp: { limit: 20, windowSeconds: 60 * 60 },
  signUpPerEmail: { limit: 3, windowSeconds: 60 * 60 },
  trustProxy: false,
};
