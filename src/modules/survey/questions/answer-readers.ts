import type { ReturnedAnswer } from './question-descriptor.ts';

/* Readers of v1 data-return columns: each takes a question's answer, undefined when it is not answered. */

const firstOption = (answer: ReturnedAnswer | undefined) => (answer ? Object.values(answer.selected_options)[0] : undefined);

/** The number of the chosen option, or null. */
export const firstInteger = (answer: ReturnedAnswer | undefined): number | null => firstOption(answer)?.integer_value ?? null;

/** The texts of the chosen options. */
export const optionTexts = (answer: ReturnedAnswer | undefined): string[] =>
  answer ? Object.values(answer.selected_options).map((option) => option.option_text) : [];

/** The comment left with the answer, or null. */
export const commentText = (answer: ReturnedAnswer | undefined): string | null => answer?.comment ?? null;

/** Whether the chosen option is the one reading `yes`; null when none is chosen. */
export const isOption = (yes: string) => (answer: ReturnedAnswer | undefined): boolean | null => {
  const text = firstOption(answer)?.option_text;
  return text === undefined ? null : text === yes;
};
