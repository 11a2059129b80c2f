import { Layout } from './layout.tsx';

/** A polite page for refusals and unexpected errors: never a stack trace. */
export function errorPage(title: string, message: string) {
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p class="fr-text--lead">{message}</p>
      <a class="fr-btn" href="/">
        Retour à l’accueil
      </a>
    </Layout>
  );
}
