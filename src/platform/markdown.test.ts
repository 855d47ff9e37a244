import { describe, expect, it } from "vitest";
import { markdownToText, renderMarkdown } from "./markdown.ts";

describe("renderMarkdown", () => {
  it("renders paragraphs, emphasis, lists, tables and headings from level 2", () => {
    const html = renderMarkdown("# Titre\n\nUn **mot** et un *autre*.\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
    expect(html).toContain("<h2>Titre</h2>");
    expect(html).toContain("<strong>mot</strong>");
    expect(html).toContain("<em>autre</em>");
    expect(html).toContain("<li>un</li>");
    expect(html).toContain("<td>1</td>");
    expect(html).not.toContain("<h1");
  });

  it("puts a table in a focusable, labelled region that scrolls on a phone, even one written in raw HTML", () => {
    for (const markdown of ["| a | b |\n|---|---|\n| 1 | 2 |\n", '<table onclick="x()" class="y"><tr><td>1</td></tr></table>']) {
      const html = renderMarkdown(markdown);
      expect(html).toMatch(/^<div class="table-wrapper" role="region" tabindex="0" aria-label="Tableau"><table class="table">/);
      expect(html).toMatch(/<\/table><\/div>\s*$/);
      expect(html).not.toContain("onclick");
    }
  });

  it("drops a script, its content included", () => {
    const html = renderMarkdown('Avant\n\n<script>alert("x")</script>\n\nAprès <script>document.cookie</script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain("alert");
    expect(html).not.toContain("document.cookie");
    expect(html).toContain("Avant");
  });

  it("drops an iframe, an object and an embed", () => {
    const html = renderMarkdown('<iframe src="https://example.org"></iframe>\n\n<object data="x.swf"></object><embed src="x">');
    expect(html).not.toMatch(/<iframe|<object|<embed/i);
  });

  it("neutralises javascript: links, however they are written", () => {
    for (const markdown of ["[clic](javascript:alert(1))", '<a href="javascript:alert(1)">clic</a>', "[clic](JaVaScRiPt:alert(1))", '<a href="java&#x09;script:alert(1)">clic</a>', "[clic](  javascript:alert(1))"]) {
      const html = renderMarkdown(markdown);
      expect(html.toLowerCase()).not.toContain("javascript");
    }
  });

  it("removes event attributes", () => {
    const html = renderMarkdown('<p onclick="alert(1)" onmouseover="x()">texte</p>\n\n<a href="/aide" onfocus="x()">lien</a>');
    expect(html).not.toMatch(/on(click|mouseover|focus)/i);
    expect(html).toContain("texte");
  });

  it("neutralises data: URIs in links and drops images", () => {
    const html = renderMarkdown("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n![img](data:image/png;base64,AAAA)\n\n<img src=x onerror=alert(1)>");
    expect(html).not.toContain("data:");
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain("onerror");
  });

  it("drops style attributes and style elements (the CSP forbids them)", () => {
    const html = renderMarkdown('<p style="color:red">rouge</p><style>body{}</style>');
    expect(html).not.toContain("style");
    expect(html).toContain("rouge");
  });

  it("gives every link rel attributes and keeps web, mail, phone and portal addresses", () => {
    const html = renderMarkdown("[site](https://www.service-public.fr) [mail](mailto:aide@example.org) [tel](tel:+33100000000) [contact](/contact)");
    expect(html).toContain('<a href="https://www.service-public.fr" rel="noopener noreferrer nofollow">site</a>');
    expect(html).toContain('href="mailto:aide@example.org"');
    expect(html).toContain('href="tel:+33100000000"');
    expect(html).toContain('<a href="/contact" rel="noopener noreferrer nofollow">contact</a>');
    expect(renderMarkdown('<a href="/x" rel="opener">x</a>')).toContain('rel="noopener noreferrer nofollow"');
  });

  it("refuses protocol-relative links, which leave the portal", () => {
    expect(renderMarkdown("[x](//evil.example/)")).not.toContain("evil.example");
  });

  it("escapes text that looks like markup inside code", () => {
    expect(renderMarkdown("`<b>gras</b>`")).toContain("<code>&lt;b&gt;gras&lt;/b&gt;</code>");
  });
});

describe("markdownToText", () => {
  it("gives the words without markup, raw HTML left out", () => {
    const text = markdownToText("## Joindre vos **pièces**\n\nCliquez sur [Ajouter](/aide) puis *Envoyer*.\n\n- PDF\n- JPEG\n\n<script>alert(1)</script>");
    expect(text).toContain("Joindre vos pièces");
    expect(text).toContain("Cliquez sur Ajouter puis Envoyer.");
    expect(text).toContain("PDF");
    expect(text).not.toContain("**");
    expect(text).not.toContain("alert");
  });
});
