/** The fields of a procedure's step: the form body, its group buttons, its summary. */
export { StepFields, conditionSentence, type StepFieldsProps } from "./step-fields.tsx";
export { StepSummary, formatAnswer, formatCommune, formatDay, type StepSummaryProps } from "./step-summary.tsx";
export { applyGroupAction, GROUP_ACTION, type GroupActionOutcome } from "./group-action.ts";
export { errorLabels } from "./error-labels.ts";
export { answersToForm } from "./form-values.ts";
export { HelpArticleLink, helpArticleSlugs } from "./help-article-link.tsx";
export { DocumentSlotView, documentInputName, FILE_INPUT, REPLACES_INPUT, type DocumentSlot, type DocumentSlotActions } from "./document-slot.tsx";
