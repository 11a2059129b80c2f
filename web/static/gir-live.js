// The autonomy step, enhanced: the GIR follows the grid as it is coded. The server computes it with
// domain/referral/aggir.ts (the same code as on saving); the grid is posted, never put in an address.
// Without this script, « Enregistrer et calculer le GIR » saves the grid and shows the GIR.
const region = document.getElementById('gir-calcule');
const form = document.getElementById('etape-dossier');

function show(result) {
  const lines = [];
  if (result.gir) {
    const title = document.createElement('p');
    title.className = 'fr-mb-1v';
    const strong = document.createElement('strong');
    strong.textContent = `GIR ${result.gir}`;
    title.append(strong, ' (calculé à partir de la grille cotée)');
    lines.push(title);
    if (result.meaning) {
      const meaning = document.createElement('p');
      meaning.className = 'fr-text--sm fr-mb-0';
      meaning.textContent = result.meaning;
      lines.push(meaning);
    }
  } else {
    const plural = result.coded > 1 ? 's' : '';
    const line = document.createElement('p');
    line.className = 'fr-mb-0';
    line.textContent =
      `GIR non calculé : ${result.coded} variable${plural} discriminante${plural} cotée${plural} sur ` +
      `${result.total}. Le GIR se calcule dès que toutes le sont.`;
    lines.push(line);
  }
  region.replaceChildren(...lines);
}

if (region && form && region.dataset.girUrl) {
  let timer;
  let asked = 0;
  form.addEventListener('change', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const mine = ++asked;
      try {
        const response = await fetch(region.dataset.girUrl, {
          method: 'POST',
          body: new FormData(form),
          credentials: 'same-origin',
          headers: { accept: 'application/json' },
        });
        if (response.ok && mine === asked) show(await response.json());
      } catch {
        // Offline or refused: the button still computes it on saving.
      }
    }, 150);
  });
}
