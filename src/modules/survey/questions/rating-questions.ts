import { escapeHtml as e } from '../../../lib/html.ts';
import type { Messages } from '../i18n/messages.ts';
import { chosenValues, radio, wholeNumbers } from './form-inputs.ts';
import { describe, type CatalogOption, type ParsedAnswer, type QuestionDescriptor, type QuestionSpec } from './question-descriptor.ts';

/** A question whose options are the whole numbers of a range; the form sends the number. */
type RangeSpec = Omit<QuestionSpec, 'options'> & { options: { fixed: CatalogOption[] } };

/** The options `from`..`to`, the option of `from` having id `firstId` and each next number the next id. */
export function integerOptions(from: number, to: number, firstId: number): CatalogOption[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ option_id: firstId + i, option_text: String(from + i), integer_value: from + i }));
}

const valueOf = (option: CatalogOption) => String(option.integer_value);

/** The option ids of the numbers typed in `field`, every one within the options' range. */
function parseNumbers(spec: RangeSpec, values: string[], field: string): ParsedAnswer {
  const options = spec.options.fixed;
  const numbers = wholeNumbers(values, options[0].integer_value!, options[options.length - 1].integer_value!, field);
  if (typeof numbers === 'string') return { error: numbers };
  return { optionIds: numbers.map((n) => options.find((o) => o.integer_value === n)!.option_id) };
}

/**
 * The star rating: asked first, given in one click from the email or on the page (one value),
 * and deciding which follow-ups are asked. Star radios carry `ariaLabels`.
 */
export function stars(spec: RangeSpec & { askedWhen: 'first'; ariaLabels(messages: Messages): readonly string[] }): QuestionDescriptor {
  return describe(spec, (field) => ({
    kind: 'stars',
    formValue: valueOf,
    parse: (values) => (values[0] === undefined || values[0] === '' ? { optionIds: [] } : parseNumbers(spec, values.slice(0, 1), field)),
    className: 'scale stars',
    inputs: ({ id, options, rating, messages }) =>
      options
        .map((o, i) =>
          radio(field, valueOf(o), id(o.integer_value!), o.integer_value === rating, `<span class="star" aria-hidden="true">&#9733;</span><span class="n">${o.integer_value}</span>`, spec.ariaLabels(messages)[i]),
        )
        .join(''),
  }));
}

/** A numeric scale (such as NPS 0-10): one number, radios in one row, its ends named under it. */
export function scale(spec: RangeSpec & { ends(messages: Messages): [string, string] }): QuestionDescriptor {
  return describe(spec, (field) => ({
    kind: 'scale',
    formValue: valueOf,
    parse: (values) => parseNumbers(spec, chosenValues(values), field),
    className: 'scale nps',
    inputs: ({ id, options, chosen }) => options.map((o) => radio(field, valueOf(o), id(o.integer_value!), chosen.has(o.option_id), e(o.option_text))).join(''),
  }));
}
