// Irreversible actions of the case page ask first, in the page's DSFR modal. Served as is (no build
// step). Without this script the same forms post to a confirmation page: nothing depends on it.
(() => {
  const dialog = document.getElementById('pc-confirmation');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  const title = dialog.querySelector('.fr-modal__title');
  const detail = dialog.querySelector('[data-confirm-detail]');
  const text = dialog.querySelector('[data-confirm-text]');
  const accept = dialog.querySelector('[data-confirm-accept]');
  let pending;
  let opener;

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.confirmTitle) return;
    if (form.querySelector('input[name="confirme"]')) return;
    event.preventDefault();
    pending = form;
    opener = event.submitter || document.activeElement;
    title.textContent = form.dataset.confirmTitle;
    detail.textContent = form.dataset.confirmDetail || '';
    detail.hidden = !form.dataset.confirmDetail;
    text.textContent = form.dataset.confirmText || '';
    accept.textContent = form.dataset.confirmButton || 'Confirmer';
    dialog.classList.add('fr-modal--opened');
    dialog.showModal();
    accept.focus();
  });

  accept.addEventListener('click', () => {
    const form = pending;
    if (!form) return;
    const confirmed = document.createElement('input');
    confirmed.type = 'hidden';
    confirmed.name = 'confirme';
    confirmed.value = 'oui';
    form.appendChild(confirmed);
    pending = undefined;
    dialog.close();
    form.submit();
  });

  for (const button of dialog.querySelectorAll('[data-confirm-cancel]')) {
    button.addEventListener('click', () => dialog.close());
  }

  dialog.addEventListener('close', () => {
    dialog.classList.remove('fr-modal--opened');
    pending = undefined;
    if (opener && typeof opener.focus === 'function') opener.focus();
  });
})();
