import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { answerErrors, computeAlignment, computeScore, type ScorecardModel } from './scoring.ts';

const opt = (id: number, points: number, flags: { na?: boolean; autofail?: boolean } = {}) => ({ id, text: `o${id}`, points, is_na: flags.na ?? false, is_autofail: flags.autofail ?? false });

/** Section 1 (weight 3): q1 (10/0/NA), q2 (5/0). Section 2 (weight 1): q3 (10/0/autofail). */
const weighted: ScorecardModel = {
  id: 1,
  name: 'W',
  archived_at: null,
  sections: [
    { id: 1, name: 'S1', weight: 3 },
    { id: 2, name: 'S2', weight: 1 },
  ],
  questions: [
    { id: 1, section_id: 1, text: 'q1', options: [opt(11, 10), opt(12, 0), opt(13, 0, { na: true })] },
    { id: 2, section_id: 1, text: 'q2', options: [opt(21, 5), opt(22, 0)] },
    { id: 3, section_id: 2, text: 'q3', options: [opt(31, 10), opt(32, 0), opt(33, 0, { autofail: true })] },
  ],
};
const unweighted: ScorecardModel = { ...weighted, sections: weighted.sections.map((s) => ({ ...s, weight: null })) };
const a = (question_id: number, option_id: number | null) => ({ question_id, option_id, comment: null });

describe('computeScore', () => {
  it('weights sections by their weight', () => {
    // S1: 10 of 15; S2: 0 of 10 → (3 * 2/3 + 1 * 0) / 4 = 50%
    assert.deepEqual(computeScore(weighted, [a(1, 11), a(2, 22), a(3, 32)]), { score: 50, autofailed: false });
    // Unweighted: 10 of 25 points = 40%
    assert.deepEqual(computeScore(unweighted, [a(1, 11), a(2, 22), a(3, 32)]), { score: 40, autofailed: false });
  });

  it('leaves N/A and unanswered questions out', () => {
    // S1: q1 N/A, q2 5 of 5; S2: 0 of 10 → (3 * 1 + 0) / 4 = 75%
    assert.deepEqual(computeScore(weighted, [a(1, 13), a(2, 21), a(3, 32)]), { score: 75, autofailed: false });
    // Only S1 has anything to score → its share alone
    assert.deepEqual(computeScore(weighted, [a(1, 12), a(2, 21)]), { score: (100 * 5) / 15, autofailed: false });
    assert.deepEqual(computeScore(weighted, [a(1, 13)]), { score: null, autofailed: false });
  });

  it('autofails on an autofail option whatever else was answered', () => {
    assert.deepEqual(computeScore(weighted, [a(1, 11), a(2, 21), a(3, 33)]), { score: 0, autofailed: true });
  });

  it('always lands between 0 and 100', () => {
    const choices = weighted.questions.map((q) => fc.constantFrom(null, ...q.options.map((o) => o.id)));
    fc.assert(
      fc.property(fc.tuple(...choices), (picked) => {
        const { score } = computeScore(weighted, picked.map((optionId, i) => a(i + 1, optionId)));
        return score === null || (score >= 0 && score <= 100);
      }),
    );
  });
});

describe('computeAlignment', () => {
  it('is the share of participants choosing the reference option, averaged over questions with a reference', () => {
    const participants = [
      { employee_id: 1, answers: [a(1, 11), a(2, 21), a(3, 31)] },
      { employee_id: 2, answers: [a(1, 12), a(2, 21), a(3, 31)] },
    ];
    const result = computeAlignment(weighted, participants, [
      { question_id: 1, option_id: 11 },
      { question_id: 2, option_id: 21 },
    ]);
    assert.equal(result.questions.get(1), 50);
    assert.equal(result.questions.get(2), 100);
    assert.equal(result.questions.get(3), null);
    assert.equal(result.overall, 75);
    assert.equal(computeAlignment(weighted, [], []).overall, null);
  });
});

describe('answerErrors', () => {
  it('requires every question only to complete', () => {
    assert.deepEqual(answerErrors(weighted, [a(1, 11)], 'answers', false), []);
    assert.deepEqual(answerErrors(weighted, [a(1, 11), a(2, null)], 'answers', true), ['answers must answer every question to complete; unanswered: 2, 3']);
    assert.deepEqual(answerErrors(weighted, [a(1, 11), a(1, 12)], 'answers', false), ['answers[1].question_id 1 is answered more than once']);
  });
});
