/**
 * What the account page says about a person's security: their sessions' browsers, the events of
 * their login history and how each login was made, in French.
 */

/** Where login codes go. */
export const codeChannels = { email: 'Par e-mail', sms: 'Par SMS' } as const;
export type CodeChannel = keyof typeof codeChannels;

export function isCodeChannel(value: string): value is CodeChannel {
  return value in codeChannels;
}

const browsers: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const systems: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox sur Windows" from a User-Agent header; the raw text stays out of the page. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return 'Navigateur inconnu';
  const browser = browsers.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} sur ${system}`;
  if (browser ?? system) return (browser ?? system) as string;
  return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
}

/** The events a person sees in their own login history, with their French label. */
export const securityEventLabels = {
  'login.success': 'Connexion réussie',
  'login.failure': 'Échec de connexion',
  'code.sent': 'Code de connexion envoyé',
  'code.failed': 'Code de connexion erroné',
  logout: 'Déconnexion',
  'password.changed': 'Mot de passe changé',
  'password.reset_requested': 'Réinitialisation du mot de passe demandée',
  'password.reset': 'Mot de passe réinitialisé',
  'email.verified': 'Adresse e-mail confirmée',
  'session.revoked': 'Session fermée à distance',
  'phone.code_sent': 'Code de vérification envoyé par SMS',
  'phone.verified': 'Numéro de téléphone vérifié',
  'phone.removed': 'Numéro de téléphone retiré',
  'code_channel.changed': 'Canal des codes de connexion modifié',
  'passkey.added': 'Clé d’accès ajoutée',
  'passkey.removed': 'Clé d’accès supprimée',
  'cgu.accepted': 'Conditions d’utilisation acceptées',
} as const;

export type SecurityEvent = keyof typeof securityEventLabels;
export const securityEvents = Object.keys(securityEventLabels) as SecurityEvent[];

const methodLabels: Record<string, string> = {
  password: 'Mot de passe (appareil reconnu)',
  'password+code': 'Mot de passe et code',
  passkey: 'Clé d’accès',
  psc: 'Pro Santé Connect',
};

/** How a login was made, from its audit details (`method`), or undefined for other events. */
export function loginMethodLabel(event: string, details: Record<string, unknown>): string | undefined {
  if (event !== 'login.success') {
    if (event === 'code.sent' && typeof details.channel === 'string') {
      return details.channel === 'sms' ? 'Par SMS' : 'Par e-mail';
    }
    return undefined;
  }
  const method = typeof details.method === 'string' ? details.method : 'password';
  return methodLabels[method] ?? method;
}
