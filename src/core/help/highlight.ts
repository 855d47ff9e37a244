/**
 * Search results quote the matching passage with its words highlighted. ts_headline marks them
 * with two characters of Unicode's private-use area, which article text never holds (they are
 * removed at save): the passage is then cut into plain segments, each escaped by JSX when drawn,
 * and marked ones drawn inside <mark>. No HTML built from an article's text is ever inserted.
 */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";

/** ts_headline's options: the markers, and a passage of one or two fragments. */
export const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "`;
export const TITLE_HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;

export interface Segment {
  text: string;
  marked: boolean;
}

/** "Les \uE000pièces\uE001 jointes" → [{ "Les ", false }, { "pièces", true }, { " jointes", false }]. */
export function segmentsOf(headline: string): Segment[] {
  const segments: Segment[] = [];
  let marked = false;
  let current = "";
  for (const character of headline) {
    if (character === MARK_START || character === MARK_END) {
      if (current) segments.push({ text: current, marked });
      current = "";
      marked = character === MARK_START;
    } else current += character;
  }
  if (current) segments.push({ text: current, marked });
  return segments;
}

/** Text to store: without the markers, so a marker can only come from ts_headline. */
export function withoutMarkers(text: string): string {
  return text.replace(/[\uE000\uE001]/g, "");
}
