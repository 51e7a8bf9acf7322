import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { CompanySettingsSchema, OPTIONAL_QUESTIONS } from '../src/modules/companies/company-settings.ts';
import { ResponseV1 } from '../src/modules/data-return/schemas.ts';
import { messagesFor } from '../src/modules/survey/i18n/translations.ts';
import { defaultOptions, QUESTION_LIST, QUESTIONS } from '../src/modules/survey/question-catalog.ts';
import { V1_RESPONSE_COLUMNS, type QuestionDescriptor } from '../src/modules/survey/questions/question-descriptor.ts';

/** Question and option ids as answers have stored them and data return has shown them: they never change. */
const PUBLISHED = {
  agent_star_rating: { question_id: 145, options: [[1071, '1', 1], [1072, '2', 2], [1073, '3', 3], [1074, '4', 4], [1075, '5', 5]] },
  areas_of_excellence: {
    question_id: 146,
    options: [[1121, 'Friendly', null], [1123, 'Knowledgeable', null], [1125, 'Efficient', null], [1127, 'Helpful', null], [1129, 'Patient', null], [1131, 'Clear', null]],
  },
  areas_of_improvement: {
    question_id: 147,
    options: [[1150, 'Friendliness', null], [1151, 'Knowledge', null], [1152, 'Speed', null], [1153, 'Clarity', null], [1154, 'Follow-up', null]],
  },
  nps: {
    question_id: 148,
    options: [
      [1135, '0', 0], [1136, '1', 1], [1137, '2', 2], [1138, '3', 3], [1139, '4', 4], [1140, '5', 5],
      [1141, '6', 6], [1142, '7', 7], [1143, '8', 8], [1144, '9', 9], [1145, '10', 10],
    ],
  },
  fcr: { question_id: 152, options: [[1180, 'Yes', null], [1181, 'No', null]] },
  rewards: { question_id: 155, options: [] },
};

/** The form values the page renders for a question's options, in page order ("none" chooses none). */
function renderedValues(question: QuestionDescriptor): string[] {
  const html = question.inputs({
    id: (suffix) => `${question.identifier}-${suffix}`,
    messages: messagesFor('en'),
    options: defaultOptions(question.identifier),
    chosen: new Set(),
    answered: false,
    rating: null,
  });
  return [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map(([, name, value]) => {
    assert.equal(name, question.field, `${question.identifier} inputs are named after its form field`);
    return value;
  });
}

describe('question catalog', () => {
  it('keeps every published question and option id', () => {
    const catalog = Object.fromEntries(
      QUESTION_LIST.map((q) => [q.identifier, { question_id: q.question_id, options: defaultOptions(q.identifier).map((o) => [o.option_id, o.option_text, o.integer_value]) }]),
    );
    assert.deepEqual(catalog, PUBLISHED);
  });

  it('has one descriptor per question, keyed by its identifier: the rating, then the optional questions', () => {
    for (const [key, question] of Object.entries(QUESTIONS)) assert.equal(question.identifier, key);
    assert.deepEqual(QUESTION_LIST.map((q) => q.identifier), ['agent_star_rating', ...OPTIONAL_QUESTIONS]);
    assert.deepEqual(QUESTION_LIST.filter((q) => q.askedWhen === 'first').map((q) => q.identifier), ['agent_star_rating']);
  });

  it('never gives two questions, or two options, the same id', () => {
    const questionIds = QUESTION_LIST.map((q) => q.question_id);
    assert.equal(new Set(questionIds).size, questionIds.length);
    const optionIds = QUESTION_LIST.flatMap((q) => defaultOptions(q.identifier).map((o) => o.option_id));
    assert.equal(new Set(optionIds).size, optionIds.length);
  });

  it('offers the catalog defaults as the default settings of company-named options', () => {
    const settings = Value.Create(CompanySettingsSchema);
    for (const question of QUESTION_LIST) {
      if ('setting' in question.options) assert.deepEqual(settings[question.options.setting], question.options.defaults.map((o) => o.option_text), question.identifier);
    }
  });

  it('reads back every option from the value the page renders for it', () => {
    for (const question of QUESTION_LIST) {
      const options = defaultOptions(question.identifier);
      const values = renderedValues(question).filter((value) => value !== 'none');
      assert.deepEqual(values, options.map((o) => question.formValue(o)), question.identifier);
      for (const option of options) assert.deepEqual(question.parse([question.formValue(option)]), { optionIds: [option.option_id] }, `${question.identifier} ${option.option_id}`);
      if (question.multiple) assert.deepEqual(question.parse(values), { optionIds: options.map((o) => o.option_id) });
      assert.deepEqual(question.parse([]), { optionIds: [] });
      assert.deepEqual(question.parse(['']), { optionIds: [] });
      assert.ok('error' in question.parse(['1.5']), `${question.identifier} refuses a fraction`);
    }
  });

  it('maps form values only to its own options (numeric questions) or to whole option ids, else names the field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUESTION_LIST), fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.nat({ max: 3000 }).map(String)), { maxLength: 4 }), (question, values) => {
        const parsed = question.parse(values);
        if ('error' in parsed) return assert.match(parsed.error, new RegExp(`^${question.field} must be`));
        for (const id of parsed.optionIds) assert.ok(Number.isSafeInteger(id) && id >= 0);
        if ('fixed' in question.options && (question.kind === 'stars' || question.kind === 'scale')) {
          const known = new Set(question.options.fixed.map((o) => o.option_id));
          assert.ok(parsed.optionIds.every((id) => known.has(id)));
        }
      }),
    );
  });

  it('fills each answer column of a v1 response from exactly one question, in the schema order', () => {
    for (const column of V1_RESPONSE_COLUMNS) assert.equal(QUESTION_LIST.filter((q) => q.v1Columns[column]).length, 1, column);
    const properties = Object.keys(ResponseV1.properties);
    assert.deepEqual(properties.slice(properties.indexOf('customer') + 1, properties.indexOf('responded_at')), [...V1_RESPONSE_COLUMNS]);
  });
});
