import type { PageContext } from "./context.ts";
import { Layout } from "./layout.tsx";

/** Every error page: a title, a plain French explanation, a way back. Never internals. */
export function ErrorPage({ ctx, title, message, requestId }: { ctx: PageContext; title: string; message: string; requestId?: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{message}</p>
      {requestId ? <p class="field__hint">Référence de l'incident à communiquer au support : {requestId}</p> : null}
      <p>
        <a href="/">Retourner à l'accueil</a>
      </p>
    </Layout>
  );
}
