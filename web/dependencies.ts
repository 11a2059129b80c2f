import type { ApiDependencies } from '../api/app.ts';

/** What the web pages need: the API's services, plus whether the demo profile picker is offered. */
export interface WebDependencies extends ApiDependencies {
  devIdentity: boolean;
}
