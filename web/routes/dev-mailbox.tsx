import { Hono } from 'hono';
import { devMailboxOpen, readMailbox } from '../../api/dev/mailbox.ts';
import type { AppEnv } from '../../api/env.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pageFrame } from '../page-frame.ts';
import { DevMailboxPage } from '../pages/dev-mailbox.tsx';

/** Messages the development mailbox kept instead of sending them; readable on the same terms as the API. */
export function devMailboxRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  web.get('/dev/boite-mail', async (c) => {
    // The same 404 as a page that does not exist (api/dev/mailbox.ts says who may read it).
    if (!devMailboxOpen(c, deps.devMailbox)) return c.notFound();
    const recipient = c.req.query('a')?.trim().slice(0, 320) || undefined;
    const messages = await readMailbox(deps.db, recipient);
    return c.html(<DevMailboxPage frame={pageFrame(c, deps)} messages={messages} recipient={recipient} />);
  });
  return web;
}
