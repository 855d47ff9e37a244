/**
 * Markdown written by admins (help articles…) turned into HTML a page may insert as it is.
 *
 * marked parses (CommonMark and GitHub's tables), then sanitize-html keeps only an allow-list of
 * elements and attributes: raw HTML in the Markdown (`<script>`, `<iframe>`, `onclick=`…) is
 * dropped, links keep only http(s), mailto and tel addresses or paths of the portal (never
 * `javascript:` nor `data:`), and every link gets `rel`. Headings start at level 2: the page's
 * title is its only `<h1>`. Images are not allowed: the CSP would refuse other origins, and a
 * help text is read, not looked at.
 */
import { Marked, type Token } from "marked";
import sanitizeHtml from "sanitize-html";

const parser = new Marked({ gfm: true, breaks: false, async: false });

const LINK_REL = "noopener noreferrer nofollow";

const allowList: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "hr", "h2", "h3", "h4", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td"],
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"], th: ["scope"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // The content of these goes with them; other refused elements keep their text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template", "svg", "math"],
  disallowedTagsMode: "discard",
  transformTags: {
    h1: "h2",
    h5: "h4",
    h6: "h4",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

/** The article's HTML, safe to insert in a page. */
export function renderMarkdown(markdown: string): string {
  const html = parser.parse(markdown, { async: false });
  // A table wider than a phone scrolls inside a focusable, labelled region, never the whole page
  // (the kit's tables do the same). The sanitized HTML has bare `<table>` tags: none of their
  // attributes is allowed.
  return sanitizeHtml(html, allowList)
    .replaceAll("<table>", '<div class="table-wrapper" role="region" tabindex="0" aria-label="Tableau"><table class="table">')
    .replaceAll("</table>", "</table></div>");
}

/**
 * The words a reader sees, without markup: what full-text search indexes and what search
 * results quote. Raw HTML blocks are left out (they are not shown either).
 */
export function markdownToText(markdown: string): string {
  const parts: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === "html") continue;
      const children = "tokens" in token && Array.isArray(token.tokens) ? token.tokens : undefined;
      if (token.type === "list") walk(token.items as Token[]);
      else if (token.type === "table") {
        for (const cell of token.header as { tokens: Token[] }[]) walk(cell.tokens);
        for (const row of token.rows as { tokens: Token[] }[][]) for (const cell of row) walk(cell.tokens);
      } else if (children && children.length > 0) walk(children);
      else if ("text" in token && typeof token.text === "string") parts.push(token.text);
      if (["paragraph", "heading", "list_item", "code", "blockquote", "space"].includes(token.type)) parts.push("\n");
    }
  };
  walk(parser.lexer(markdown));
  return decodeBasicEntities(parts.join(""))
    .replace(/[ \t]*\n[\s]*/g, "\n")
    .replace(/[ \t]+/g, " ")
    .trim();
}

// marked leaves the author's entities as typed; the few an author writes read as their character.
function decodeBasicEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " })[name] ?? "");
}
