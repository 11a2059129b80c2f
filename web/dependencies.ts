import type { ApiDependencies } from '../api/app.ts';

/** What the web pages need: the API's services. */
export type WebDependencies = ApiDependencies;
