import { Connection } from '@temporalio/client';
import { readConfig, temporalAddress } from '../app/config.ts';
import { registerSearchAttributes } from '../app/search-attributes.ts';

// `npm run temporal:setup`: an operator registers the project's search attributes on their namespace.
const config = readConfig();
const connection = await Connection.connect({ address: temporalAddress(config) });
const added = await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
console.log(
  added.length > 0 ? `Attributs de recherche ajoutés : ${added.join(', ')}` : 'Attributs de recherche déjà en place.',
);
await connection.close();
