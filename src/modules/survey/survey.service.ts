import type { Config } from '../../config.ts';
import type { AnswerRow, InteractionRow, SurveyRow } from '../../db/schema.ts';
import { brandPresentation, type BrandPresentation } from '../companies/brand-presentation.ts';
import { agentCard, type AgentCard } from '../employees/agent-card.ts';
import { parseJson } from '../../lib/json.ts';
import { sha256Hex } from '../../lib/secrets.ts';
import type { Company } from '../companies/companies.repository.ts';
import type { CredentialCache } from '../companies/credential-cache.ts';
import type { EmployeesRepository } from '../employees/employees.repository.ts';
import { messagesFor } from './i18n/translations.ts';
import type { Messages } from './i18n/messages.ts';
import { optionWithValue, QUESTIONS, ratingOf } from './question-catalog.ts';
import type { CatalogOption, QuestionIdentifier } from './questions/question-descriptor.ts';
import { followUpQuestions, optionsFor, questionsDroppedBy, surveyQuestions } from './survey-options.ts';
import type { AnswerChanges, NewAnswer, SurveyRepository } from './survey.repository.ts';
import { isBurstClick, isScannerAgent } from './scanner-rule.ts';
import { parseSurveyForm, SurveyInputError, type SurveyForm } from './survey.schemas.ts';

export type SurveyState = 'open' | 'finished' | 'expired';

export interface StoredAnswer {
  optionIds: number[];
  comment: string | null;
}

/** Everything a survey page needs. */
export interface SurveyContext {
  /** The link token the customer used (never stored; only its hash is). */
  token: string;
  survey: SurveyRow;
  interaction: InteractionRow;
  company: Company;
  messages: Messages;
  brand: string;
  firstName: string;
  /** The brand's logo and colour, and its copy in the survey's language. */
  presentation: BrandPresentation;
  /** The agent's card; its photo only when served by us (the page loads images from its own origin only). */
  agent: AgentCard;
  /** The brand logo as a same-origin path, or null. */
  logoPath: string | null;
  /** The agent's photo as a same-origin path, or null. */
  photoPath: string | null;
  /** When the customer first reached the closing screen. */
  completedAt: number | null;
  isTest: boolean;
  state: SurveyState;
  answers: Map<string, StoredAnswer>;
  rating: number | null;
  questions: QuestionIdentifier[];
}

export class SurveyNotFound extends Error {}

/** The customer side of a survey: open a link, record a star click, save answers, unsubscribe. */
export class SurveyService {
  constructor(
    private readonly config: Config,
    private readonly repository: SurveyRepository,
    private readonly employees: EmployeesRepository,
    private readonly credentials: CredentialCache,
  ) {}

  async open(token: string, now = Date.now()): Promise<SurveyContext> {
    const found = await this.repository.findByTokenHash(sha256Hex(token));
    if (!found) throw new SurveyNotFound();
    const { survey, interaction } = found;
    const companyId = Number(interaction.company_id);
    const company = await this.credentials.company(companyId);
    if (!company) throw new SurveyNotFound();
    const employee = await this.employees.byId(companyId, Number(interaction.employee_id));
    const answers = new Map<string, StoredAnswer>();
    for (const row of await this.repository.answers(companyId, Number(interaction.id))) answers.set(row.question_key, toStored(row));
    const rating = ratingOf(answers.get('agent_star_rating')?.optionIds[0]);
    const messages = messagesFor(interaction.language);
    const presentation = brandPresentation(company, Number(interaction.brand_id), messages.lang, this.config.publicUrl);
    const agent = agentCard(employee, this.config.publicUrl);
    const finishedAt = interaction.response_received_at === null ? null : Number(interaction.response_received_at) + company.settings.survey_finished_after_minutes * 60_000;
    const state: SurveyState = now > Number(survey.expires_at) ? 'expired' : finishedAt !== null && now > finishedAt ? 'finished' : 'open';
    return {
      token,
      survey,
      interaction,
      company,
      messages,
      brand: presentation.name,
      firstName: agent.firstName,
      presentation,
      agent,
      logoPath: sameOriginPath(presentation.logoUrl, this.config.publicUrl),
      photoPath: sameOriginPath(agent.photoUrl, this.config.publicUrl),
      completedAt: survey.completed_at === null ? null : Number(survey.completed_at),
      isTest: interaction.is_test === 1,
      state,
      answers,
      rating,
      questions: surveyQuestions(company.settings, rating),
    };
  }

  /**
   * A GET of a star link from the email (a HEAD never gets here). The rating is stored at once,
   * unless the click belongs to a link scanner's burst (scanner-rule.ts): then a rating stored by
   * a click of the burst is withdrawn and the click stores nothing. Ratings given through the
   * form are never withdrawn.
   */
  async rate(context: SurveyContext, rating: number, userAgent?: string, now = Date.now()): Promise<void> {
    if (context.isTest || context.state !== 'open') return;
    const companyId = context.company.id;
    const scannerAgent = isScannerAgent(userAgent);
    await this.repository.changeAnswers(companyId, Number(context.interaction.id), context.company.settings.survey_finished_after_minutes, async (survey, trx) => {
      const click = { last_click_rating: rating, last_click_at: now, last_click_scanner: scannerAgent ? 1 : 0 };
      const previous = { lastClickRating: survey.last_click_rating, lastClickAt: survey.last_click_at, lastClickScanner: survey.last_click_scanner, burstAt: survey.scanner_at };
      if (isBurstClick(previous, rating, now, scannerAgent)) {
        const withdraw = survey.rating_source === 'click';
        return {
          survey: { ...click, scanner_at: now, ...(withdraw ? { rating_source: null } : {}) },
          changes: withdraw ? { upsert: [], remove: ['agent_star_rating'] } : null,
        };
      }
      const comment = await this.repository.answerComment(trx, companyId, Number(context.interaction.id), 'agent_star_rating');
      const changes = this.ratingChanges(context, rating, comment);
      return { survey: click, changes: { ...changes, ratingSource: 'click' } };
    });
  }

  /** Saves every answer given in a form post; answers of questions that no longer apply are removed. Returns the form read. */
  async submit(context: SurveyContext, body: Record<string, unknown>): Promise<SurveyForm> {
    const form = parseSurveyForm(body);
    if (context.isTest || context.state !== 'open') return form;
    const rating = form.rating ?? context.rating;
    const changes = this.formChanges(context, form, rating);
    await this.repository.changeAnswers(context.company.id, Number(context.interaction.id), context.company.settings.survey_finished_after_minutes, async () => ({ changes }));
    return form;
  }

  /** The customer reached the closing screen: the first time is the survey's `completed_at` (test surveys store nothing). */
  async complete(context: SurveyContext, now = Date.now()): Promise<void> {
    if (context.isTest || context.state !== 'open') return;
    await this.repository.markCompleted(context.company.id, Number(context.interaction.id), now);
  }

  async unsubscribe(context: SurveyContext): Promise<void> {
    const email = context.interaction.customer_email;
    if (context.isTest || !email) return;
    await this.repository.unsubscribe(context.company.id, email.toLowerCase(), Number(context.interaction.id));
  }

  private ratingChanges(context: SurveyContext, rating: number, comment: string | null): AnswerChanges {
    const option = optionWithValue('agent_star_rating', rating)!;
    const remove = questionsDroppedBy(rating);
    const droppedReward = remove.some((q) => QUESTIONS[q].reward && (context.answers.has(q) || context.interaction.reward_name));
    return {
      upsert: [answer('agent_star_rating', [option], comment)],
      remove,
      ...(droppedReward ? { rewardName: null } : {}),
    };
  }

  private formChanges(context: SurveyContext, form: SurveyForm, rating: number | null): AnswerChanges {
    const settings = context.company.settings;
    const changes: AnswerChanges = { upsert: [], remove: [] };
    const storedComment = (q: QuestionIdentifier) => context.answers.get(q)?.comment ?? null;
    /** A question's comment: as posted when the page showed its box, else as stored (boxes of older pages are kept). */
    const commentOf = (q: QuestionIdentifier) => (form.commentPosted.has(q) ? (form.comments[q] ?? null) : storedComment(q));
    const comment = commentOf('agent_star_rating');
    if (form.rating !== null) {
      const ratingChanges = this.ratingChanges(context, form.rating, comment);
      changes.upsert.push(...ratingChanges.upsert);
      changes.remove.push(...ratingChanges.remove);
      changes.rewardName = ratingChanges.rewardName;
      changes.ratingSource = 'form';
    } else if (comment !== storedComment('agent_star_rating')) {
      // The one comment box is the comment of the rating's answer (with no option while no star is given).
      const option = rating === null ? undefined : optionWithValue('agent_star_rating', rating);
      if (comment === null && !option) changes.remove.push('agent_star_rating');
      else changes.upsert.push(answer('agent_star_rating', option ? [option] : [], comment));
    }
    for (const question of followUpQuestions(settings, rating)) {
      if (!form.shown.has(question)) continue;
      const options = optionsFor(question, settings);
      const chosen = (form.choices[question] ?? []).map((id) => {
        const option = options.find((o) => o.option_id === id);
        if (!option) throw new SurveyInputError(`unknown option ${id} for ${question}`);
        return option;
      });
      if (!QUESTIONS[question].multiple && chosen.length > 1) {
        throw new SurveyInputError(`${question} takes one option`);
      }
      const questionComment = commentOf(question);
      if (chosen.length === 0 && questionComment === null) changes.remove.push(question);
      else changes.upsert.push(answer(question, chosen, questionComment));
      if (QUESTIONS[question].reward) changes.rewardName = chosen[0]?.option_text ?? null;
    }
    return changes;
  }
}

function answer(question: QuestionIdentifier, options: CatalogOption[], comment: string | null): NewAnswer {
  const q = QUESTIONS[question];
  return { question_key: question, question_id: q.question_id, question_text: q.question_text, comment, selected_options: options };
}

function toStored(row: AnswerRow): StoredAnswer {
  const options = parseJson<CatalogOption[]>(row.selected_options, []);
  return { optionIds: options.map((o) => Number(o.option_id)), comment: row.comment };
}

/** `url` as a path of this service's /media/, or null for an image elsewhere (the page's CSP loads images from its own origin only). */
function sameOriginPath(url: string | null, publicUrl: string): string | null {
  if (!url) return null;
  const origin = publicUrl.replace(/\/+$/, '');
  if (url.startsWith(`${origin}/media/`)) return url.slice(origin.length);
  return url.startsWith('/media/') ? url : null;
}
