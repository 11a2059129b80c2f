import type { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { referralSearchAttributes } from '../workflows/search-attributes.ts';

/**
 * Registers the project's search attributes that the namespace lacks. A Temporal server started
 * on an older database does not learn new ones from its flags, and a workflow upserting an
 * unknown attribute would fail, so the dev platform (and an operator, via `npm run temporal:setup`)
 * runs this before the worker starts.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = referralSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType(key.type)])),
  });
  // Registration is applied asynchronously by the server: wait until it lists them.
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    if (missing.every((key) => key.name in (listed.customAttributes ?? {}))) return missing.map((key) => key.name);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Les attributs de recherche ${missing.map((key) => key.name).join(', ')} ne sont pas enregistrés.`);
}

function indexedValueType(type: Parameters<typeof encodeSearchAttributeIndexedValueType>[0]) {
  const encoded = encodeSearchAttributeIndexedValueType(type);
  if (encoded === undefined) throw new Error(`Type d’attribut de recherche inconnu : ${String(type)}`);
  return encoded;
}
