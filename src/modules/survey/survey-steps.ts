import type { CompanySettings } from '../companies/company-settings.ts';
import type { QuestionIdentifier } from './questions/question-descriptor.ts';

/** One screen of the survey on a phone: a question, or the one comment box. */
export type StepKey = QuestionIdentifier | 'comment';

/**
 * The survey's steps, in order. The star rating is a step only while none is given (once given
 * it is confirmed above the steps, and changed there); the comment box comes right after the
 * rating or last (`comment_position`); then the follow-ups the rating asks.
 */
export function surveySteps(settings: CompanySettings, questions: QuestionIdentifier[], rating: number | null): StepKey[] {
  const followUps: StepKey[] = questions.filter((q) => q !== 'agent_star_rating');
  const steps: StepKey[] = rating === null ? ['agent_star_rating'] : [];
  if (settings.comment_position === 'end') steps.push(...followUps, 'comment');
  else steps.push('comment', ...followUps);
  return steps;
}

/** A step index from a query or form value, within the steps (0 when absent or not a number). */
export function stepIndex(value: unknown, count: number): number {
  const n = typeof value === 'number' ? value : /^\d{1,3}$/.test(String(value ?? '')) ? Number(value) : 0;
  return Math.max(0, Math.min(count - 1, n));
}

/**
 * Where a Back/Next click lands after its answers are saved: the step it named, found again in
 * the steps as they are now (giving the rating removes its step; a new rating can change the
 * follow-ups), else the nearest index.
 */
export function landingStep(before: StepKey[], target: number, after: StepKey[]): number {
  const key = before[Math.max(0, Math.min(before.length - 1, target))];
  const found = after.indexOf(key);
  if (found >= 0) return found;
  const shift = before[0] === 'agent_star_rating' && after[0] !== 'agent_star_rating' ? 1 : 0;
  return Math.max(0, Math.min(after.length - 1, target - shift));
}
