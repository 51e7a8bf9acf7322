import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { daysInMonth, parseIsoDateTime } from '../src/feeds/iso-date-time.ts';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A date and time that exists, with its epoch ms computed without the parser. */
const realMoment = fc
  .record({ year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }), second: fc.integer({ min: 0, max: 59 }), ms: fc.integer({ min: 0, max: 999 }) })
  .chain((parts) => fc.integer({ min: 1, max: daysInMonth(parts.year, parts.month) }).map((day) => ({ ...parts, day })));

function epochMs(m: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number }): number {
  const date = new Date(0);
  date.setUTCFullYear(m.year, m.month - 1, m.day);
  date.setUTCHours(m.hour, m.minute, m.second, m.ms);
  return date.getTime();
}

const offset = fc.record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 23 }), minutes: fc.integer({ min: 0, max: 59 }), colon: fc.boolean() });

describe('parseIsoDateTime', () => {
  it('reads every real date-time, with any offset, to the instant it names', () => {
    fc.assert(
      fc.property(realMoment, offset, (m, o) => {
        const zone = `${o.sign}${pad(o.hours)}${o.colon ? ':' : ''}${pad(o.minutes)}`;
        const text = `${pad(m.year, 4)}-${pad(m.month)}-${pad(m.day)}T${pad(m.hour)}:${pad(m.minute)}:${pad(m.second)}.${pad(m.ms, 3)}${zone}`;
        const east = (o.sign === '-' ? -1 : 1) * (o.hours * 60 + o.minutes);
        assert.equal(parseIsoDateTime(text), epochMs(m) - east * 60_000, text);
      }),
    );
  });

  it('round-trips toISOString, and agrees with Date.parse on the forms both read', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }), (date) => {
        const text = date.toISOString();
        assert.equal(parseIsoDateTime(text), date.getTime(), text);
        assert.equal(parseIsoDateTime(text.slice(0, 10)), Date.parse(text.slice(0, 10)));
        assert.equal(parseIsoDateTime(text.replace('T', ' ').toLowerCase()), date.getTime());
      }),
    );
  });

  it('refuses a day past the end of its month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 70 }), (year, month, extra) => {
        const day = daysInMonth(year, month) + extra;
        fc.pre(day <= 99);
        const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
        assert.equal(parseIsoDateTime(date), null, date);
        assert.equal(parseIsoDateTime(`${date}T10:00:00Z`), null, date);
      }),
    );
  });

  it('refuses a month, hour, minute, second or offset that does not exist', () => {
    fc.assert(
      fc.property(realMoment, fc.constantFrom('month', 'hour', 'minute', 'second', 'offset'), fc.integer({ min: 0, max: 99 }), (m, part, value) => {
        const bad = { month: value > 12 || value === 0, hour: value > 24, minute: value > 59, second: value > 59, offset: value > 23 }[part];
        fc.pre(bad);
        const month = part === 'month' ? value : m.month;
        const day = part === 'month' ? 1 : m.day;
        const text = `${pad(m.year, 4)}-${pad(month)}-${pad(day)}T${pad(part === 'hour' ? value : m.hour)}:${pad(part === 'minute' ? value : m.minute)}:${pad(part === 'second' ? value : m.second)}${part === 'offset' ? `+${pad(value)}:00` : 'Z'}`;
        assert.equal(parseIsoDateTime(text), null, text);
      }),
    );
  });

  it('knows leap years', () => {
    assert.equal(parseIsoDateTime('2020-02-29'), Date.UTC(2020, 1, 29));
    assert.equal(parseIsoDateTime('2000-02-29T12:00:00Z'), Date.UTC(2000, 1, 29, 12));
    for (const text of ['2019-02-29', '1900-02-29', '2100-02-29T00:00:00Z', '2019-02-30', '2019-04-31', '2019-13-01', '2019-00-10', '2019-12-00', '2019-12-20T25:00:00Z', '2019-12-20T24:00:01Z', '2019-12-20T24:30Z', '2019-12-20T23:59:60Z', '2019-12-20T10:00:00+05:99', '2019-12-20T10:00:00+24:00']) {
      assert.equal(parseIsoDateTime(text), null, text);
    }
  });

  it('reads every form the feeds took before it', () => {
    const cases: [string, string][] = [
      ['2019-12-20', '2019-12-20T00:00:00.000Z'],
      ['2019-12-20T10:00', '2019-12-20T10:00:00.000Z'],
      ['2019-12-20 10:00:00', '2019-12-20T10:00:00.000Z'],
      ['2019-12-20t10:00:00z', '2019-12-20T10:00:00.000Z'],
      ['2019-12-20T10:00:00+0530', '2019-12-20T04:30:00.000Z'],
      ['2019-12-20T10:00:00+05:30', '2019-12-20T04:30:00.000Z'],
      ['2019-12-20T10:00:00+05', '2019-12-20T05:00:00.000Z'],
      ['2019-12-20T10:00:00-00:00', '2019-12-20T10:00:00.000Z'],
      ['2019-12-20T10:00:00.123456789Z', '2019-12-20T10:00:00.123Z'],
      ['2019-12-20T10:00:00,5Z', '2019-12-20T10:00:00.500Z'],
      ['2019-12-20T24:00:00Z', '2019-12-21T00:00:00.000Z'],
      ['2019-12-21T05:00:00+19:00', '2019-12-20T10:00:00.000Z'],
      [' 2019-12-20 ', '2019-12-20T00:00:00.000Z'],
      ['0001-01-01', '0001-01-01T00:00:00.000Z'],
    ];
    for (const [text, iso] of cases) assert.equal(parseIsoDateTime(text), Date.parse(iso), text);
    for (const text of ['', 'yesterday', '1576836000000', '20191220', '2019-W51', '2019-12-20T10', '+002019-12-20', '2019-12-20Z']) assert.equal(parseIsoDateTime(text), null, text);
  });
});
