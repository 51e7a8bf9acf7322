import { landingStep, stepIndex, surveySteps } from './survey-steps.ts';
import type { SurveyForm } from './survey.schemas.ts';
import type { SurveyContext, SurveyService } from './survey.service.ts';

/**
 * Where a saved form post leads: the step a Back/Next button asked for (`go`: a step index, "next"
 * for Enter in a field, or "done" for Send, also when absent as on older pages), the nudge when the
 * main rating is still missing (once), or the closing screen, which completes the survey.
 */
export async function pageAfterPost(service: SurveyService, ctx: SurveyContext, body: Record<string, unknown>, form: SurveyForm): Promise<string> {
  const previewRating = ctx.isTest ? (form.rating ?? null) : null;
  const testQuery = previewRating === null ? '' : `rating=${previewRating}`;
  const stepsBefore = surveySteps(ctx.company.settings, ctx.questions, ctx.rating ?? previewRating);
  const current = stepIndex(body.step, stepsBefore.length);
  const go = typeof body.go === 'string' ? body.go : 'done';
  const target = go === 'next' ? current + 1 : /^\d{1,3}$/.test(go) ? Number(go) : stepsBefore.length;
  if (target < stepsBefore.length) {
    // The answers just saved may have changed the steps (a rating removes its step and picks the follow-ups).
    const now = ctx.isTest ? ctx : await service.open(ctx.token);
    const stepsAfter = surveySteps(now.company.settings, now.questions, now.rating ?? previewRating);
    return `/s/${ctx.token}?step=${landingStep(stepsBefore, target, stepsAfter)}${testQuery ? `&${testQuery}` : ''}`;
  }
  const rated = form.rating ?? ctx.rating ?? null;
  if (rated === null && body.nudged !== '1') return `/s/${ctx.token}?nudge=1${testQuery ? `&${testQuery}` : ''}`;
  await service.complete(ctx);
  return `/s/${ctx.token}/thanks${testQuery ? `?${testQuery}` : ''}`;
}
