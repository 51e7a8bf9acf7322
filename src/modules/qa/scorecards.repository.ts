import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ScorecardModel } from './scoring.ts';

type Tx = Transaction<Database> | Kysely<Database>;

export interface NewScorecard {
  name: string;
  sections: { name: string; weight: number | null; questions: NewQuestion[] }[];
  questions: NewQuestion[];
}

export interface NewQuestion {
  text: string;
  options: { text: string; points: number; na: boolean; autofail: boolean }[];
}

/** Scorecards with their sections, questions and options; every query takes the company id first. */
export class ScorecardsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(companyId: number, input: NewScorecard): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const now = Date.now();
      const { id } = await trx
        .insertInto('qa_scorecards')
        .values({ company_id: companyId, name: input.name, archived_at: null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      let position = 0;
      const addQuestions = async (sectionId: number | null, questions: NewQuestion[]) => {
        for (const question of questions) {
          const row = await trx
            .insertInto('qa_questions')
            .values({ company_id: companyId, scorecard_id: id, section_id: sectionId, text: question.text, position: position++ })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('qa_options')
            .values(
              question.options.map((o, i) => ({
                company_id: companyId,
                question_id: row.id,
                text: o.text,
                points: o.points,
                is_na: o.na ? 1 : 0,
                is_autofail: o.autofail ? 1 : 0,
                position: i,
              })),
            )
            .execute();
        }
      };
      for (const [i, section] of input.sections.entries()) {
        const row = await trx
          .insertInto('qa_sections')
          .values({ company_id: companyId, scorecard_id: id, name: section.name, weight: section.weight, position: i })
          .returning('id')
          .executeTakeFirstOrThrow();
        await addQuestions(row.id, section.questions);
      }
      await addQuestions(null, input.questions);
      return id;
    });
  }

  /** Scorecards by id with their whole structure (four queries whatever the count). */
  async load(companyId: number, ids: number[], trx: Tx = this.db): Promise<Map<number, ScorecardModel>> {
    const result = new Map<number, ScorecardModel>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return result;
    const cards = await trx.selectFrom('qa_scorecards').selectAll().where('company_id', '=', companyId).where('id', 'in', unique).execute();
    if (cards.length === 0) return result;
    const cardIds = cards.map((c) => c.id);
    const sections = await trx.selectFrom('qa_sections').selectAll().where('company_id', '=', companyId).where('scorecard_id', 'in', cardIds).orderBy('position').execute();
    const questions = await trx.selectFrom('qa_questions').selectAll().where('company_id', '=', companyId).where('scorecard_id', 'in', cardIds).orderBy('position').execute();
    const options =
      questions.length === 0
        ? []
        : await trx
            .selectFrom('qa_options')
            .selectAll()
            .where('company_id', '=', companyId)
            .where('question_id', 'in', questions.map((q) => q.id))
            .orderBy('position')
            .execute();
    for (const card of cards) {
      result.set(card.id, {
        id: card.id,
        name: card.name,
        archived_at: card.archived_at,
        sections: sections.filter((s) => s.scorecard_id === card.id).map((s) => ({ id: s.id, name: s.name, weight: s.weight })),
        questions: questions
          .filter((q) => q.scorecard_id === card.id)
          .map((q) => ({
            id: q.id,
            section_id: q.section_id,
            text: q.text,
            options: options
              .filter((o) => o.question_id === q.id)
              .map((o) => ({ id: o.id, text: o.text, points: o.points, is_na: o.is_na === 1, is_autofail: o.is_autofail === 1 })),
          })),
      });
    }
    return result;
  }

  async list(companyId: number): Promise<number[]> {
    const rows = await this.db.selectFrom('qa_scorecards').select('id').where('company_id', '=', companyId).orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  async update(trx: Tx, companyId: number, id: number, changes: { name?: string; archived_at?: number | null }): Promise<void> {
    await trx
      .updateTable('qa_scorecards')
      .set({ ...changes, updated_at: Date.now() })
      .where('company_id', '=', companyId)
      .where('id', '=', id)
      .execute();
  }
}
