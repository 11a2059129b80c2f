import * as oidc from 'openid-client';

/** Where Parcours meets Pro Santé Connect (or its local stand-in): set from PSC_* variables. */
export interface PscSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What the login keeps between the redirect to PSC and its return (stored in `oidc_transactions`). */
export interface PscAuthorization {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The claims of PSC's userinfo endpoint, untyped until domain/identity/psc-identity.ts reads them. */
export type PscUserInfo = Record<string, unknown>;

/** Where PSC sends the person back: the address registered with PSC (or given to the stand-in). */
export const pscRedirectUri = (appUrl: string) => `${appUrl}/connexion/psc/retour`;

const isLocalhost = (issuer: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(issuer).hostname);

/**
 * An OpenID Connect client of PSC (authorization code, PKCE S256, client secret): discovery once,
 * retried on the next login if the provider was unreachable.
 */
export function createPscClient(settings: PscSettings, redirectUri: string) {
  let configuration: Promise<oidc.Configuration> | undefined;

  function discovered(): Promise<oidc.Configuration> {
    configuration ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { redirect_uris: [redirectUri], response_types: ['code'] },
        oidc.ClientSecretBasic(settings.clientSecret),
        // The local stand-in speaks plain http; the real PSC only https.
        isLocalhost(settings.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        configuration = undefined;
        throw error;
      });
    return configuration;
  }

  return {
    async authorization(): Promise<PscAuthorization> {
      const config = await discovered();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: 'code',
        // PSC's scopes and level of assurance (eIDAS substantial: CPS card or e-CPS).
        scope: 'openid scope_all',
        acr_values: 'eidas1',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, state, nonce, codeVerifier };
    },

    /** Exchanges the code (state, PKCE and ID token nonce checked), then reads userinfo. */
    async complete(
      callbackQuery: URLSearchParams,
      expected: { state: string; nonce: string; codeVerifier: string },
    ): Promise<PscUserInfo> {
      const config = await discovered();
      // The registered address, not the one this request came in on (proxies, test hosts).
      const currentUrl = new URL(redirectUri);
      currentUrl.search = callbackQuery.toString();
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        pkceCodeVerifier: expected.codeVerifier,
        idTokenExpected: true,
      });
      const subject = tokens.claims()?.sub;
      if (!subject) throw new Error('PSC: ID token without subject');
      return oidc.fetchUserInfo(config, tokens.access_token, subject);
    },
  };
}

export type PscClient = ReturnType<typeof createPscClient>;
