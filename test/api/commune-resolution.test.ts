import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommunes } from '../../db/import/communes-import.ts';
import { sharedDataDir } from '../../db/import/shipped-data.ts';
import { seedDemoData } from '../../db/seed.ts';
import { createDirectoryPlatform } from '../support/directory-platform.ts';

type Platform = Awaited<ReturnType<typeof createDirectoryPlatform>>;
interface Suggestions {
  items: { insee: string; name: string }[];
  matchedBy: string | null;
}

let platform: Platform;

beforeAll(async () => {
  platform = await createDirectoryPlatform('communes_test');
  // The national list of communes and the arrondissements of Paris, Lyon and Marseille, as shipped.
  await importCommunes(platform.db, join(sharedDataDir(), 'geo', 'communes.csv'));
  await importCommunes(platform.db, join(sharedDataDir(), 'geo', 'arrondissements_plm.csv'), { arrondissements: true });
  await seedDemoData(platform.db);
});
afterAll(async () => {
  await platform?.close();
});

const suggest = async (q: string) =>
  (await platform.api<Suggestions>('GET', `/api/communes?q=${encodeURIComponent(q)}`)).body;

/** A page's HTML, as a person (or nobody) signed in. */
async function pageText(path: string, as?: string): Promise<string> {
  const response = await platform.app.request(path, as ? { headers: { cookie: await platform.cookieOf(as) } } : {});
  expect(response.status).toBe(200);
  return response.text();
}

describe('a commune typed by postcode, name or INSEE code', () => {
  it('reads five digits as a postcode, the arrondissement rather than Lyon or Marseille (GET /api/communes)', async () => {
    // Each of these is also the INSEE code of another commune (Albigny-sur-Saône, Irigny, Aix-en-Provence).
    expect(await suggest('69003')).toEqual({
      items: [expect.objectContaining({ insee: '69383', name: 'Lyon 3e Arrondissement' })],
      matchedBy: 'postcode',
    });
    expect((await suggest('69100')).items.map((item) => item.name)).toEqual(['Villeurbanne']);
    expect((await suggest('13001')).items.map((item) => item.name)).toEqual(['Marseille 1er Arrondissement']);
    expect((await suggest('75016')).items.map((item) => item.insee)).toEqual(['75116']);
    // Written as such, the INSEE code is taken.
    expect(await suggest('INSEE 69003')).toEqual({
      items: [expect.objectContaining({ insee: '69003', name: 'Albigny-sur-Saône' })],
      matchedBy: 'insee',
    });
    // No commune has postcode 69123: it is offered as the INSEE code it is.
    expect(await suggest('69123')).toEqual({ items: [expect.objectContaining({ name: 'Lyon' })], matchedBy: 'insee' });
  });

  it('lists every commune of a shared postcode, and finds names as before', async () => {
    expect(await suggest('69250')).toEqual({
      items: [
        'Albigny-sur-Saône',
        "Curis-au-Mont-d'Or",
        'Fleurieu-sur-Saône',
        'Montanay',
        'Neuville-sur-Saône',
        "Poleymieux-au-Mont-d'Or",
      ].map((name) => expect.objectContaining({ name })),
      matchedBy: 'postcode',
    });
    expect(await suggest('villeurb')).toMatchObject({ items: [{ insee: '69266' }], matchedBy: 'name' });
    expect(await suggest('00000')).toEqual({ items: [], matchedBy: null });
  });

  it('ranks the directory from the arrondissement of a postcode, and asks which commune of a shared one', async () => {
    for (const [postcode, place] of [
      ['69003', 'Lyon 3e Arrondissement'],
      ['69100', 'Villeurbanne'],
      ['13001', 'Marseille 1er Arrondissement'],
    ]) {
      const page = await pageText(`/etablissements?commune=${postcode}&type=ehpad&rayon=20`);
      expect(page).toContain(`à moins de 20 km de ${place}`);
      expect(page).not.toContain('Plusieurs communes');
    }

    const asked = await pageText('/etablissements?commune=69250&type=ehpad&rayon=20');
    expect(asked).toContain('Plusieurs communes ont le code postal 69250 : laquelle ?');
    expect(asked).not.toContain('à moins de 20 km');
    const links = [...asked.matchAll(/href="(\?commune=69250[^"]*)"/g)].map((match) =>
      match[1]?.replace(/&amp;/g, '&'),
    );
    expect(links).toHaveLength(6);
    const montanay = links.find((link) => link?.includes('commune-insee=69284'));
    expect(montanay).toBe('?commune=69250&type=ehpad&rayon=20&commune-insee=69284');
    const picked = await pageText(`/etablissements${montanay}`);
    expect(picked).toContain('à moins de 20 km de Montanay');
    // The field shows the commune so that submitting the form again keeps it.
    expect(picked).toContain('value="Montanay (69284)"');
    expect(await pageText('/etablissements?commune=Montanay%20(69284)&type=ehpad&rayon=20')).toContain(
      'à moins de 20 km de Montanay',
    );
  });
});
