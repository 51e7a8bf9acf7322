import type { InteractionRow } from '../../db/schema.ts';
import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import { isHttpUrl, isUuid } from '../../lib/validators.ts';
import type { InteractionsRepository } from '../interactions/interactions.repository.ts';
import type { AnswerInput } from './qa.schemas.ts';
import type { AnswerDoc } from './scoring.ts';

/** Normalises answer bodies: blank comments become null. */
export function toAnswers(input: AnswerInput[] | undefined): AnswerDoc[] {
  return (input ?? []).map((a) => ({ question_id: a.question_id, option_id: a.option_id, comment: a.comment?.trim() || null }));
}

/** Blank → null; otherwise an http(s) URL or a 422 naming the field. */
export function optionalUrl(value: string | null | undefined, field: string, errors: string[]): string | null {
  const url = value?.trim() || null;
  if (url && !isHttpUrl(url)) errors.push(`${field} must be an http or https URL`);
  return url;
}

export function optionalText(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

/** Epoch ms of a date-time the schema already checked. */
export function toMs(value: string | undefined): number | null {
  return value === undefined ? null : Date.parse(value);
}

export function throwIfAny(errors: string[]): void {
  if (errors.length > 0) throw new UnprocessableError(errors);
}

/** The feedback interaction a review solicits (by request_id), or 404 / 422. */
export async function findSolicitation(interactions: InteractionsRepository, companyId: number, uuid: string, field: string): Promise<InteractionRow> {
  if (!isUuid(uuid)) throw new UnprocessableError([`${field} must be a request_id (uuid)`]);
  const interaction = await interactions.findByUuid(companyId, uuid);
  if (!interaction) throw new NotFoundError(`${field} "${uuid}" does not match a feedback request of this company`);
  return interaction;
}
