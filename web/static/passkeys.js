// Passkeys on Parcours pages: add one on /compte, log in with one on /connexion.
// Served as is (no build step); @simplewebauthn/browser's UMD bundle is loaded before it.
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;

  async function postJson(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    const answer = text ? JSON.parse(text) : {};
    if (!response.ok) throw new Error(answer.message || 'Opération impossible. Réessayez.');
    return answer;
  }

  // The browser's own errors, said in French (a refusal from the server already is).
  function explain(error) {
    if (error?.name === 'NotAllowedError') return 'Opération annulée ou délai dépassé. Réessayez.';
    if (error?.name === 'InvalidStateError') return 'Cette clé d’accès est déjà enregistrée sur votre compte.';
    return error?.message || 'Opération impossible. Réessayez.';
  }

  function show(box, message) {
    if (!box) return;
    box.querySelector('p').textContent = message;
    box.hidden = false;
  }

  const unsupported = 'Ce navigateur ne permet pas d’utiliser les clés d’accès.';

  const register = document.getElementById('passkey-register');
  register?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = document.getElementById('passkey-error');
    if (!webauthn?.browserSupportsWebAuthn()) return show(box, unsupported);
    const button = register.querySelector('button');
    button.disabled = true;
    try {
      const optionsJSON = await postJson('/api/account/passkeys/options');
      const response = await webauthn.startRegistration({ optionsJSON });
      await postJson('/api/account/passkeys', { name: register.elements.name.value, response });
      window.location.assign(register.dataset.done);
    } catch (error) {
      show(box, explain(error));
      button.disabled = false;
    }
  });

  const login = document.getElementById('passkey-login');
  login?.addEventListener('click', async () => {
    const box = document.getElementById('passkey-login-error');
    if (!webauthn?.browserSupportsWebAuthn()) return show(box, unsupported);
    login.disabled = true;
    try {
      const optionsJSON = await postJson('/api/auth/passkey/options');
      const response = await webauthn.startAuthentication({ optionsJSON });
      const answer = await postJson('/api/auth/passkey/login', { response });
      const back = login.dataset.return || '/';
      window.location.assign(answer.cguRequired ? `/connexion/cgu?retour=${encodeURIComponent(back)}` : back);
    } catch (error) {
      show(box, explain(error));
      login.disabled = false;
    }
  });
})();
