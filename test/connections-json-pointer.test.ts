import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePointer, pointerProblem, resolvePointer } from '../src/modules/connections/json-pointer.ts';
import { draftFromMapping, mappingFromInput, mappingProblems } from '../src/modules/connections/adapters/generic.ts';

describe('JSON Pointer (RFC 6901)', () => {
  const doc = { foo: ['bar', 'baz'], '': 0, 'a/b': 1, 'm~n': 8, ' ': 7, nested: { id: 42, no: null } };

  it("resolves the RFC's examples, escapes included", () => {
    assert.deepEqual(resolvePointer(doc, ''), doc);
    assert.deepEqual(resolvePointer(doc, '/foo'), ['bar', 'baz']);
    assert.equal(resolvePointer(doc, '/foo/0'), 'bar');
    assert.equal(resolvePointer(doc, '/'), 0);
    assert.equal(resolvePointer(doc, '/a~1b'), 1);
    assert.equal(resolvePointer(doc, '/m~0n'), 8);
    assert.equal(resolvePointer(doc, '/ '), 7);
    assert.equal(resolvePointer(doc, '/nested/id'), 42);
    assert.equal(resolvePointer(doc, '/nested/no'), null);
  });

  it('answers undefined for what is not there (and never reads inherited properties)', () => {
    assert.equal(resolvePointer(doc, '/foo/2'), undefined);
    assert.equal(resolvePointer(doc, '/foo/01'), undefined);
    assert.equal(resolvePointer(doc, '/foo/-'), undefined);
    assert.equal(resolvePointer(doc, '/missing/deeper'), undefined);
    assert.equal(resolvePointer(doc, '/nested/toString'), undefined);
    assert.equal(resolvePointer('text', '/length'), undefined);
  });

  it('names what is wrong with a pointer', () => {
    assert.equal(pointerProblem('/a/b'), null);
    assert.match(String(pointerProblem('a/b')), /starting with \//);
    assert.match(String(pointerProblem('/a~2')), /~ not followed by 0 or 1/);
    assert.match(String(pointerProblem('/a~')), /~ not followed by 0 or 1/);
    assert.throws(() => parsePointer('nope'), /starting with/);
    assert.deepEqual(parsePointer('/a~01/b~10'), ['a~1', 'b/0']);
  });
});

describe('generic mapping', () => {
  it('builds the request: strings trimmed, numbers as text, tags split, custom properties, constants', () => {
    const mapping = mappingFromInput({
      'customer.email': '/c/email',
      'employee.custom_id': '/agent',
      tags: '/tags',
      do_not_send: '/quiet',
      'custom_properties.order_id': '/order',
      brand: { const: 'acme' },
      ext_interaction_id: '/id',
      when: { pointer: '/status', equals: 'closed' },
    });
    assert.deepEqual(mapping.when, { pointer: '/status', equals: 'closed' });
    assert.deepEqual(mappingProblems(mapping), []);
    const draft = draftFromMapping(mapping, { c: { email: ' casey@example.com ' }, agent: 17, tags: 'vip billing,  refund', quiet: 'true', order: 4711, id: 9 });
    assert.deepEqual(draft, {
      customer: { email: 'casey@example.com' },
      employee: { custom_id: '17' },
      tags: ['vip', 'billing', 'refund'],
      do_not_send: true,
      custom_properties: { order_id: '4711' },
      brand: 'acme',
      ext_interaction_id: '9',
    });
    assert.deepEqual(draftFromMapping(mapping, { tags: ['a', 3, null, { x: 1 }] }).tags, ['a', '3']);
  });

  it('refuses unknown fields, bad pointers and mappings without the agent, each by name', () => {
    const problems = mappingProblems(mappingFromInput({ 'customer.emial': '/x', channel: 'chat', 'custom_properties.': '/y' }));
    assert.ok(problems.some((p) => p.startsWith('mapping.customer.emial is not a feedback-request field')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('mapping.channel must be a JSON Pointer')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('mapping.custom_properties. is not a feedback-request field')), problems.join('\n'));
    assert.ok(problems.includes('mapping must map employee.email or employee.custom_id (the agent)'));
  });
});
