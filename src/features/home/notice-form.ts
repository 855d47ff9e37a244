import { FormError } from "../../platform/http/errors.ts";
import { defineForm, field, type FormValues } from "../../platform/http/forms.ts";
import type { NoticeRow, NoticeFields } from "./queries.ts";

export const TITLE_MAX = 120;
export const BODY_MAX = 2000;
export const PRESENTATION_MAX = 500;

/**
 * A day as people type it, "JJ/MM/AAAA" (or what a date input sends, "AAAA-MM-JJ"), as
 * "AAAA-MM-JJ"; undefined for anything that is not a day of the calendar.
 */
export function readDay(text: string): string | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text) ?? /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match[1]!.length === 4 ? [match[1]!, match[2]!, match[3]!] : [match[3]!, match[2]!, match[1]!];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (Number(year) < 2000 || date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return undefined;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** An address on the portal ("/comment-ca-marche", never "//elsewhere") or on the web (http or https). */
export function isNoticeLink(text: string): boolean {
  if (/\s/.test(text)) return false;
  if (text.startsWith("/")) return !text.startsWith("//") && !text.startsWith("/\\");
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}

const dayField = (what: string) =>
  field.text({ max: 10, check: (value) => readDay(value) !== undefined, invalid: `La date ${what} s'écrit JJ/MM/AAAA et doit exister, par exemple 15/09/2026.`, tooLong: `La date ${what} s'écrit JJ/MM/AAAA, par exemple 15/09/2026.` });

export const noticeForm = defineForm({
  title: field.text({ required: "Indiquez le titre de l'actualité.", max: TITLE_MAX, tooLong: `Le titre fait ${TITLE_MAX} caractères au maximum.` }),
  body: field.text({ required: "Indiquez le texte de l'actualité.", max: BODY_MAX, tooLong: `Le texte fait ${BODY_MAX} caractères au maximum.` }),
  link: field.text({
    max: 500,
    check: isNoticeLink,
    invalid: "Indiquez une adresse du portail commençant par / (par exemple /comment-ca-marche) ou une adresse web commençant par https://.",
    tooLong: "L'adresse du lien fait 500 caractères au maximum.",
  }),
  level: field.choice(["information", "important"], { required: "Indiquez s'il s'agit d'une information ou d'une annonce importante." }),
  shownFrom: dayField("de début d'affichage"),
  shownUntil: dayField("de fin d'affichage"),
  published: field.choice(["", "oui"], { required: "Cochez la case pour publier l'actualité, ou laissez-la vide." }),
});
export type NoticeForm = FormValues<typeof noticeForm>;

export const noticeLabels: Record<string, string> = {
  title: "Titre",
  body: "Texte",
  link: "Lien",
  level: "Type d'actualité",
  shownFrom: "Afficher à partir du",
  shownUntil: "Afficher jusqu'au",
  published: "Publication",
};

/** The checked form as stored; the rule across two fields (the dates' order) is checked here. */
export function noticeFields(form: NoticeForm): NoticeFields {
  const shownFrom = form.shownFrom ? readDay(form.shownFrom)! : null;
  const shownUntil = form.shownUntil ? readDay(form.shownUntil)! : null;
  if (shownFrom && shownUntil && shownUntil < shownFrom) throw new FormError({ shownUntil: "La date de fin d'affichage doit être le même jour que la date de début ou après." });
  return { title: form.title, body: form.body, link: form.link === "" ? null : form.link, level: form.level, published: form.published === "oui", shownFrom, shownUntil };
}

const frenchDate = (day: string | null) => (day ? day.split("-").reverse().join("/") : "");

/** A stored notice as its form shows it. */
export function noticeFormValues(notice: NoticeRow): Record<string, string> {
  return {
    title: notice.title,
    body: notice.body,
    link: notice.link ?? "",
    level: notice.level,
    shownFrom: frenchDate(notice.shownFrom),
    shownUntil: frenchDate(notice.shownUntil),
    published: notice.published ? "oui" : "",
  };
}

export const presentationForm = defineForm({
  presentation: field.text({ max: PRESENTATION_MAX, tooLong: `Le texte de présentation fait ${PRESENTATION_MAX} caractères au maximum.` }),
});
