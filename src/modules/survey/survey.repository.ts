import type { Kysely, Transaction } from 'kysely';
import type { AnswerRow, Database, InteractionRow, SurveyRow } from '../../db/schema.ts';
import { WebhooksRepository } from '../webhooks/webhooks.repository.ts';
import { allocateSequenceIds } from '../../db/sequence.ts';
import { answerColumns } from '../interactions/answer-columns.ts';
import { withInteractionRollups } from '../reports/rollup-writer.ts';
import type { CatalogOption, QuestionIdentifier } from './questions/question-descriptor.ts';

type Trx = Transaction<Database>;

export interface NewAnswer {
  question_key: QuestionIdentifier;
  question_id: number;
  question_text: string;
  comment: string | null;
  selected_options: CatalogOption[];
}

export interface AnswerChanges {
  upsert: NewAnswer[];
  remove: QuestionIdentifier[];
  /** undefined leaves reward_name as it is. */
  rewardName?: string | null;
  ratingSource?: 'click' | 'form';
}

/**
 * Surveys, answers and unsubscribes. A survey is found by its token hash (the token is
 * the credential, as an API key is); every other query takes the company id first.
 */
export class SurveyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findByTokenHash(tokenHash: string): Promise<{ survey: SurveyRow; interaction: InteractionRow } | null> {
    const survey = await this.db.selectFrom('surveys').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    if (!survey) return null;
    const interaction = await this.db
      .selectFrom('interactions')
      .selectAll()
      .where('company_id', '=', Number(survey.company_id))
      .where('id', '=', Number(survey.interaction_id))
      .executeTakeFirst();
    return interaction ? { survey: normaliseSurvey(survey), interaction } : null;
  }

  async answers(companyId: number, interactionId: number): Promise<AnswerRow[]> {
    return this.db.selectFrom('answers').selectAll().where('company_id', '=', companyId).where('interaction_id', '=', interactionId).execute();
  }

  /** The comment of one answer of an interaction (null when there is none). */
  async answerComment(trx: Trx, companyId: number, interactionId: number, question: QuestionIdentifier): Promise<string | null> {
    const answer = await trx
      .selectFrom('answers')
      .select('comment')
      .where('company_id', '=', companyId)
      .where('interaction_id', '=', interactionId)
      .where('question_key', '=', question)
      .executeTakeFirst();
    return answer?.comment ?? null;
  }

  /** Creates (or replaces) the link of an interaction's survey; the caller holds the plain token. */
  /** `emailRef`: the survey email's delivery-event reference (surveys.email_ref). */
  async upsertSurvey(trx: Trx | Kysely<Database>, companyId: number, interactionId: number, tokenHash: string, expiresAt: number, emailRef: string | null = null): Promise<void> {
    await trx
      .insertInto('surveys')
      .values({ company_id: companyId, interaction_id: interactionId, token_hash: tokenHash, expires_at: expiresAt, created_at: Date.now(), email_ref: emailRef })
      .onConflict((oc) => oc.column('interaction_id').doUpdateSet({ token_hash: tokenHash, expires_at: expiresAt, email_ref: emailRef }))
      .execute();
  }

  /**
   * Writes answer changes and re-stamps the interaction's sequence_id in one transaction;
   * the first answer sets response_received_at and schedules survey.finished for
   * `finishedAfterMinutes` later. `decide` runs first, under the lock,
   * with fresh survey state, and returns the changes to make (or null for none).
   */
  async changeAnswers(
    companyId: number,
    interactionId: number,
    finishedAfterMinutes: number,
    decide: (survey: SurveyRow, trx: Trx) => Promise<{ changes: AnswerChanges | null; survey?: Partial<SurveyRow> }>,
  ): Promise<AnswerChanges | null> {
    return this.db.transaction().execute(async (trx) => {
      const [sequenceId] = await allocateSequenceIds(trx, companyId, [interactionId]);
      const survey = await trx
        .selectFrom('surveys')
        .selectAll()
        .where('company_id', '=', companyId)
        .where('interaction_id', '=', interactionId)
        .executeTakeFirstOrThrow();
      const { changes, survey: surveyUpdate } = await decide(normaliseSurvey(survey), trx);
      const now = Date.now();
      if (surveyUpdate || changes?.ratingSource) {
        await trx
          .updateTable('surveys')
          .set({ ...surveyUpdate, ...(changes?.ratingSource ? { rating_source: changes.ratingSource } : {}) })
          .where('company_id', '=', companyId)
          .where('interaction_id', '=', interactionId)
          .execute();
      }
      if (!changes || (changes.upsert.length === 0 && changes.remove.length === 0 && changes.rewardName === undefined)) return null;
      // The rollups change by the difference of this interaction's (and its recoveries') figures
      // (a change of the reward alone changes none).
      const figuresChange = changes.upsert.length > 0 || changes.remove.length > 0;
      const { receivedAt, interaction } = await withInteractionRollups(trx, companyId, figuresChange ? [interactionId] : [], async () => {
        for (const answer of changes.upsert) {
          const values = { ...answer, selected_options: JSON.stringify(answer.selected_options), updated_at: now };
          await trx
            .insertInto('answers')
            .values({ ...values, company_id: companyId, interaction_id: interactionId, created_at: now })
            .onConflict((oc) => oc.columns(['interaction_id', 'question_key']).doUpdateSet(values))
            .execute();
        }
        if (changes.remove.length > 0) {
          await trx
            .deleteFrom('answers')
            .where('company_id', '=', companyId)
            .where('interaction_id', '=', interactionId)
            .where('question_key', 'in', changes.remove)
            .execute();
        }
        const remaining = await trx
          .selectFrom('answers')
          .select(['question_key', 'comment', 'selected_options'])
          .where('company_id', '=', companyId)
          .where('interaction_id', '=', interactionId)
          .execute();
        const interaction = await trx
          .selectFrom('interactions')
          .select(['uuid', 'response_received_at', 'is_test'])
          .where('company_id', '=', companyId)
          .where('id', '=', interactionId)
          .executeTakeFirstOrThrow();
        const receivedAt = remaining.length === 0 ? null : (interaction.response_received_at ?? now);
        await trx
          .updateTable('interactions')
          .set({
            // The answers in figures, always equal to them (the Stream filters and sums these).
            ...answerColumns(remaining),
            sequence_id: sequenceId,
            updated_at: now,
            response_received_at: receivedAt,
            ...(changes.rewardName !== undefined ? { reward_name: changes.rewardName } : {}),
          })
          .where('company_id', '=', companyId)
          .where('id', '=', interactionId)
          .execute();
        return { receivedAt, interaction };
      });
      if (receivedAt !== null) {
        const webhooks = new WebhooksRepository(trx);
        const first = interaction.response_received_at === null;
        const isTest = interaction.is_test === 1;
        if (first) await webhooks.scheduleSurveyFinished(trx, companyId, { id: interactionId, isTest }, receivedAt + finishedAfterMinutes * 60_000);
        await webhooks.enqueue(trx, companyId, first ? 'response.created' : 'response.updated', {
          request_id: interaction.uuid,
          sequence_id: sequenceId,
          questions: [...changes.upsert.map((answer) => answer.question_key), ...changes.remove],
        }, isTest);
      }
      return changes;
    });
  }

  /** Stamps the survey's `completed_at`, the first time only. */
  async markCompleted(companyId: number, interactionId: number, at: number): Promise<void> {
    await this.db
      .updateTable('surveys')
      .set({ completed_at: at })
      .where('company_id', '=', companyId)
      .where('interaction_id', '=', interactionId)
      .where('completed_at', 'is', null)
      .execute();
  }

  async isUnsubscribed(companyId: number, emailKey: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('unsubscribes')
      .select('email_key')
      .where('company_id', '=', companyId)
      .where('email_key', '=', emailKey)
      .executeTakeFirst();
    return row !== undefined;
  }

  async unsubscribe(companyId: number, emailKey: string, interactionId: number): Promise<void> {
    await this.db
      .insertInto('unsubscribes')
      .values({ company_id: companyId, email_key: emailKey, interaction_id: interactionId, created_at: Date.now() })
      .onConflict((oc) => oc.columns(['company_id', 'email_key']).doNothing())
      .execute();
  }
}

function normaliseSurvey(row: SurveyRow): SurveyRow {
  return { ...row, interaction_id: Number(row.interaction_id), company_id: Number(row.company_id) };
}
