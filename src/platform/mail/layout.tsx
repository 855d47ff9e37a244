import type { Child } from "hono/jsx";
import type { Brand } from "../config.ts";
import type { MailContent } from "./mailer.ts";

/**
 * Mails are written once as blocks; the HTML part (escaped by JSX) and the text part are both
 * produced from them, so they always say the same thing.
 */
export type MailBlock =
  | { paragraph: string }
  | { link: { label: string; url: string } }
  | { code: string }
  | { note: string };

export async function renderMail(brand: Brand, input: { subject: string; greeting: string; blocks: MailBlock[] }): Promise<MailContent> {
  const html = await (
    <MailLayout brand={brand} title={input.subject}>
      <p>{input.greeting}</p>
      {input.blocks.map((block) => {
        if ("paragraph" in block) return <p>{block.paragraph}</p>;
        if ("link" in block)
          return (
            <p>
              <a href={block.link.url}>{block.link.label}</a>
              <br />
              <small>Si le lien ne fonctionne pas, copiez cette adresse dans votre navigateur : {block.link.url}</small>
            </p>
          );
        // Mail clients ignore style sheets: the code is styled inline, large and spaced.
        if ("code" in block)
          return <p style="font-family: monospace; font-size: 1.5em; letter-spacing: 0.15em">{block.code}</p>;
        return (
          <p>
            <small>{block.note}</small>
          </p>
        );
      })}
    </MailLayout>
  ).toString();
  const text = [
    input.greeting,
    ...input.blocks.map((block) => {
      if ("paragraph" in block) return block.paragraph;
      if ("link" in block) return `${block.link.label} :\n${block.link.url}`;
      if ("code" in block) return block.code;
      return block.note;
    }),
    `--\n${brand.name} — ${brand.organisation}\nCe courriel est envoyé automatiquement, merci de ne pas y répondre.`,
  ].join("\n\n");
  return { subject: `${input.subject} - ${brand.name}`, text, html: `<!DOCTYPE html>${html}` };
}

function MailLayout({ brand, title, children }: { brand: Brand; title: string; children?: Child }) {
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <title>{title}</title>
      </head>
      <body>
        <div role="article" aria-label={title}>
          <p>
            <strong>{brand.name}</strong> — {brand.organisation}
          </p>
          <h1>{title}</h1>
          {children}
          <hr />
          <p>
            <small>Ce courriel est envoyé automatiquement, merci de ne pas y répondre.</small>
          </p>
        </div>
      </body>
    </html>
  );
}
