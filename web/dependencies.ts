import type { ApiDependencies } from '../api/dependencies.ts';

/** What the web pages need: the API's services. */
export type WebDependencies = ApiDependencies;
