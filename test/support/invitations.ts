import type { TestPlatform } from './platform.ts';
import { waitFor } from './wait-for.ts';

/** The token of the invitation link e-mailed to `email`, read from the development mailbox. */
export async function invitationToken(platform: TestPlatform, email: string): Promise<string> {
  return waitFor('the invitation in the mailbox', async () => {
    const { body } = await platform.api<{ items: { template: string; text: string }[] }>(
      'GET',
      `/api/dev/mailbox?to=${encodeURIComponent(email)}`,
    );
    const mail = body.items.find((item) => item.template === 'invitation');
    return mail ? /\/invitation\?jeton=([a-z2-7]+)/.exec(mail.text)?.[1] : undefined;
  });
}
