import type { Client } from '@temporalio/client';
import type { Database } from '../../db/client.ts';
import { type AuthSettings, defaultAuthSettings } from './settings.ts';

/** What the process hands the identity routes and pages: connections, addresses, settings overrides. */
export interface AuthDependencies {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** Public address of the web UI, for the links in messages. */
  appUrl: string;
  auth?: Partial<AuthSettings> | undefined;
}

/** What the identity use cases take: the same connections, with the settings resolved once. */
export interface IdentityDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  appUrl: string;
  settings: AuthSettings;
}

export function identityDeps(deps: AuthDependencies): IdentityDeps {
  return {
    db: deps.db,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    appUrl: deps.appUrl,
    settings: { ...defaultAuthSettings, ...deps.auth },
  };
}
