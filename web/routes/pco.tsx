import { Hono } from 'hono';
import type { AppEnv } from '../../api/env.ts';
import type { WebDependencies } from '../dependencies.ts';
import { pcoDetailRoutes } from './pco-detail.tsx';
import { pcoInboxRoutes } from './pco-inbox.tsx';
import { pcoOrientationRoutes } from './pco-orientations.tsx';
import { pcoPlatformRoutes } from './pco-platforms.tsx';

/** The PCO TND pages; the named addresses come before `/pco/:id`. */
export function pcoRoutes(deps: WebDependencies) {
  const web = new Hono<AppEnv>();
  web.route('/', pcoOrientationRoutes(deps));
  web.route('/', pcoInboxRoutes(deps));
  web.route('/', pcoPlatformRoutes(deps));
  web.route('/', pcoDetailRoutes(deps));
  return web;
}
