/**
 * The SMS form of a message: its subject and the link to act, short enough for one or two SMS.
 * The subject carries no patient name or medical detail, like every message.
 */
const linkKeys = ['caseUrl', 'verifyUrl', 'resetUrl', 'acceptUrl', 'orientationUrl', 'coordinationUrl'] as const;

export function smsText(message: { subject: string; data: Record<string, string> }): string {
  const link = linkKeys.map((key) => message.data[key]).find((value) => value !== undefined);
  return `Parcours : ${message.subject}${link ? ` ${link}` : ''}`;
}
