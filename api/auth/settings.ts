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
  loginPerAccount: { limit: number; windowSeconds: number };
  loginPerIp: { limit: number; windowSeconds: number };
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
  trustProxy: false,
};
