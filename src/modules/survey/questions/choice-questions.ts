import { escapeHtml as e } from '../../../lib/html.ts';
import type { Messages } from '../i18n/messages.ts';
import { checkbox, chosenValues, MAX_OPTION_ID, radio, wholeNumbers } from './form-inputs.ts';
import { describe, type CatalogOption, type QuestionDescriptor, type QuestionSpec, type QuestionView } from './question-descriptor.ts';

/** Options named by text, with the ids written beside them. */
export function namedOptions(options: [id: number, text: string][]): CatalogOption[] {
  return options.map(([option_id, option_text]) => ({ option_id, option_text, integer_value: null }));
}

const idOf = (option: CatalogOption) => String(option.option_id);

/**
 * Options sent as their ids. Parsing keeps each id once; whether the company offers it is
 * checked on saving, against its settings then.
 */
function choice(spec: QuestionSpec, kind: 'choice' | 'multi', inputs: (view: QuestionView, field: string) => string): QuestionDescriptor {
  return describe(spec, (field) => ({
    kind,
    formValue: idOf,
    parse: (values) => {
      const ids = wholeNumbers(chosenValues(values), 0, MAX_OPTION_ID, field);
      return typeof ids === 'string' ? { error: ids } : { optionIds: [...new Set(ids)] };
    },
    className: 'opts',
    inputs: (view) => inputs(view, field),
  }));
}

/**
 * One option out of a list, as radios. `labels` translates fixed options (by position);
 * `noneLabel` adds a last radio choosing none.
 */
export function singleChoice(spec: QuestionSpec & { labels?(messages: Messages): readonly string[]; noneLabel?(messages: Messages): string }): QuestionDescriptor {
  return choice(spec, 'choice', ({ id, options, chosen, answered, messages, label }, field) => {
    const labels = spec.labels?.(messages);
    const radios = options.map((o, i) => radio(field, idOf(o), id(o.option_id), chosen.has(o.option_id), e(labels ? labels[i] : (label?.(o) ?? o.option_text))));
    if (spec.noneLabel) radios.push(radio(field, 'none', id('none'), answered && chosen.size === 0, e(spec.noneLabel(messages))));
    return radios.join('');
  });
}

/** Any number of options, as checkboxes. */
export function multipleChoice(spec: QuestionSpec): QuestionDescriptor {
  return choice(spec, 'multi', ({ id, options, chosen, label }, field) =>
    options.map((o) => checkbox(field, idOf(o), id(o.option_id), chosen.has(o.option_id), e(label?.(o) ?? o.option_text))).join(''),
  );
}
