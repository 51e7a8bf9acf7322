import { NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import type { QaRepository } from './qa.repository.ts';
import type { ScorecardInput, ScorecardUpdate } from './qa.schemas.ts';
import type { NewQuestion, ScorecardsRepository } from './scorecards.repository.ts';
import type { ScorecardModel } from './scoring.ts';
import { formatUtc } from '../../feeds/timestamps.ts';

/** The authoring view of a scorecard: ids to answer with, points, N/A and autofail flags. */
export function scorecardDetailJson(scorecard: ScorecardModel) {
  return {
    id: scorecard.id,
    name: scorecard.name,
    archived_at: formatUtc(scorecard.archived_at),
    sections: scorecard.sections.map((s) => ({ id: s.id, name: s.name, weight: s.weight })),
    questions: scorecard.questions.map((q) => ({
      id: q.id,
      section_id: q.section_id,
      text: q.text,
      options: q.options.map((o) => ({ id: o.id, text: o.text, points: o.points, na: o.is_na, autofail: o.is_autofail })),
    })),
  };
}

function questionErrors(questions: ScorecardInput['questions'] & object, field: string): string[] {
  return questions.flatMap((question, i) => {
    const scoring = question.options.filter((o) => !o.na && !o.autofail);
    return scoring.length === 0 ? [`${field}[${i}].options must include an option that is neither na nor autofail`] : [];
  });
}

export class ScorecardsService {
  constructor(
    private readonly repository: ScorecardsRepository,
    private readonly qa: QaRepository,
  ) {}

  async create(companyId: number, input: ScorecardInput) {
    const sections = input.sections ?? [];
    const questions = input.questions ?? [];
    const errors: string[] = [];
    const weighted = sections.filter((s) => s.weight !== undefined && s.weight !== null).length;
    if (weighted > 0 && weighted < sections.length) errors.push('sections must all have a weight or none may');
    if (weighted > 0 && questions.length > 0) errors.push('questions outside sections are not allowed on a weighted scorecard');
    if (weighted > 0 && sections.every((s) => s.weight === 0)) errors.push('sections weights must not all be 0');
    if (sections.length === 0 && questions.length === 0) errors.push('a scorecard needs at least one question');
    sections.forEach((s, i) => errors.push(...questionErrors(s.questions, `sections[${i}].questions`)));
    errors.push(...questionErrors(questions, 'questions'));
    if (errors.length > 0) throw new UnprocessableError(errors);
    const toNew = (q: (typeof questions)[number]): NewQuestion => ({
      text: q.text.trim(),
      options: q.options.map((o) => ({ text: o.text.trim(), points: o.points ?? 0, na: o.na ?? false, autofail: o.autofail ?? false })),
    });
    const id = await this.repository.insert(companyId, {
      name: input.name.trim(),
      sections: sections.map((s) => ({ name: s.name.trim(), weight: s.weight ?? null, questions: s.questions.map(toNew) })),
      questions: questions.map(toNew),
    });
    return scorecardDetailJson(await this.require(companyId, id));
  }

  async require(companyId: number, id: number | string): Promise<ScorecardModel> {
    const numeric = Number(id);
    const scorecard = Number.isSafeInteger(numeric) && numeric > 0 ? (await this.repository.load(companyId, [numeric])).get(numeric) : undefined;
    if (!scorecard) throw new NotFoundError(`scorecard ${id} does not exist`);
    return scorecard;
  }

  /** A scorecard new work may use: existing (404) and not archived (422). */
  async requireUsable(companyId: number, id: number, field = 'scorecard_id'): Promise<ScorecardModel> {
    const scorecard = await this.require(companyId, id);
    if (scorecard.archived_at !== null) throw new UnprocessableError([`${field} ${id} is archived`]);
    return scorecard;
  }

  async list(companyId: number) {
    const ids = await this.repository.list(companyId);
    const cards = await this.repository.load(companyId, ids);
    return ids.map((id) => scorecardDetailJson(cards.get(id)!));
  }

  /** Renames or archives; every review, audit and calibration showing it takes a new sequence id. */
  async update(companyId: number, id: string, input: ScorecardUpdate) {
    const scorecard = await this.require(companyId, id);
    const changes: { name?: string; archived_at?: number | null } = {};
    if (input.name !== undefined && input.name.trim() !== scorecard.name) changes.name = input.name.trim();
    if (input.archived === true && scorecard.archived_at === null) changes.archived_at = Date.now();
    if (input.archived === false && scorecard.archived_at !== null) changes.archived_at = null;
    if (Object.keys(changes).length > 0) {
      await this.qa.write(companyId, async (trx) => {
        await this.repository.update(trx, companyId, scorecard.id, changes);
        await this.qa.restampByScorecard(trx, companyId, scorecard.id);
      });
    }
    return scorecardDetailJson(await this.require(companyId, scorecard.id));
  }
}
