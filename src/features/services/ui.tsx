import type { GrantStatus } from "../../platform/db/schema.ts";
import { Tag } from "../../ui/components.tsx";
import { grantStatusLabels } from "../../core/organisations/grant-status.ts";

/** Small pieces the feature's pages share. */

const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long", timeZone: "Europe/Paris" });

export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

const tones: Record<GrantStatus, "info" | "success" | "error" | "neutral"> = {
  pending: "info",
  granted: "success",
  refused: "error",
  revoked: "neutral",
};

/** "en cours de validation", "validée", "refusée", "désactivée". */
export function GrantStatusTag({ status }: { status: GrantStatus }) {
  return <Tag tone={tones[status]}>{grantStatusLabels[status]}</Tag>;
}


/** Paragraphs of text kept as typed: blank lines separate them, single line breaks stay. */
export function Paragraphs({ paragraphs }: { paragraphs: string[] }) {
  return (
    <>
      {paragraphs.map((paragraph) => (
        <p>
          {paragraph.split("\n").map((line, index) => (
            <>
              {index > 0 ? <br /> : null}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}
