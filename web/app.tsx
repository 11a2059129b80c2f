import { Hono } from 'hono';
import type { ApiDependencies } from '../api/app.ts';
import type { AppEnv } from '../api/env.ts';
import { HomePage } from './pages/home.tsx';

/** The French web pages; they call the same services as the API. */
export function createWeb(_deps: ApiDependencies) {
  const web = new Hono<AppEnv>();
  web.get('/', (c) => c.html(<HomePage actor={c.get('actor')} />));
  return web;
}
