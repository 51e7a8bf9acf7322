import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayStart, isoDay, isTimeZone, localDay, monthOf, monthStart, parseIsoDay, utcOffset, weekOf } from '../src/modules/reports/local-time.ts';

// Local calendar days of report rollups (src/modules/reports/local-time.ts), checked against
// instants worked out by hand from the zones' published rules.

const at = (iso: string) => Date.parse(iso);
const day = (iso: string) => parseIsoDay(iso)!;
const HOUR = 3_600_000;

describe('local days', () => {
  it('Europe/Paris: the spring day has 23 hours, the autumn day 25, and midnight moves with the offset', () => {
    const tz = 'Europe/Paris';
    assert.equal(dayStart(day('2026-03-29'), tz), at('2026-03-28T23:00:00Z'));
    assert.equal(dayStart(day('2026-03-30'), tz), at('2026-03-29T22:00:00Z'));
    assert.equal(dayStart(day('2026-03-30'), tz) - dayStart(day('2026-03-29'), tz), 23 * HOUR);
    assert.equal(dayStart(day('2026-10-26'), tz) - dayStart(day('2026-10-25'), tz), 25 * HOUR);
    assert.equal(localDay(at('2026-03-28T22:59:59.999Z'), tz), day('2026-03-28'));
    assert.equal(localDay(at('2026-03-28T23:00:00Z'), tz), day('2026-03-29'));
    assert.equal(localDay(at('2026-03-29T21:59:59.999Z'), tz), day('2026-03-29'));
    assert.equal(localDay(at('2026-03-29T22:00:00Z'), tz), day('2026-03-30'));
    assert.equal(utcOffset(at('2026-03-29T00:59:59Z'), tz), HOUR);
    assert.equal(utcOffset(at('2026-03-29T01:00:00Z'), tz), 2 * HOUR);
    // The hour repeated in October: both 02:30s are on the 25th.
    assert.equal(localDay(at('2026-10-25T00:30:00Z'), tz), day('2026-10-25'));
    assert.equal(localDay(at('2026-10-25T01:30:00Z'), tz), day('2026-10-25'));
    assert.equal(localDay(at('2026-10-25T22:59:59Z'), tz), day('2026-10-25'));
    assert.equal(localDay(at('2026-10-25T23:00:00Z'), tz), day('2026-10-26'));
  });

  it('America/New_York: DST starts on 8 March and ends on 1 November 2026', () => {
    const tz = 'America/New_York';
    assert.equal(dayStart(day('2026-03-08'), tz), at('2026-03-08T05:00:00Z'));
    assert.equal(dayStart(day('2026-03-09'), tz), at('2026-03-09T04:00:00Z'));
    assert.equal(localDay(at('2026-03-08T04:59:59Z'), tz), day('2026-03-07'));
    assert.equal(localDay(at('2026-03-09T03:59:59Z'), tz), day('2026-03-08'));
    assert.equal(dayStart(day('2026-11-02'), tz) - dayStart(day('2026-11-01'), tz), 25 * HOUR);
    assert.equal(localDay(at('2026-11-02T04:59:59Z'), tz), day('2026-11-01'));
    assert.equal(localDay(at('2026-11-02T05:00:00Z'), tz), day('2026-11-02'));
  });

  it('half and quarter hour zones: Asia/Kolkata (+05:30) and Asia/Kathmandu (+05:45)', () => {
    assert.equal(localDay(at('2026-01-01T18:29:59.999Z'), 'Asia/Kolkata'), day('2026-01-01'));
    assert.equal(localDay(at('2026-01-01T18:30:00Z'), 'Asia/Kolkata'), day('2026-01-02'));
    assert.equal(dayStart(day('2026-01-02'), 'Asia/Kolkata'), at('2026-01-01T18:30:00Z'));
    assert.equal(localDay(at('2026-01-01T18:14:59.999Z'), 'Asia/Kathmandu'), day('2026-01-01'));
    assert.equal(localDay(at('2026-01-01T18:15:00Z'), 'Asia/Kathmandu'), day('2026-01-02'));
    assert.equal(dayStart(day('2026-01-02'), 'Asia/Kathmandu'), at('2026-01-01T18:15:00Z'));
    assert.equal(utcOffset(at('2026-06-01T00:00:00Z'), 'Asia/Kathmandu'), 5.75 * HOUR);
  });

  it('a day whose midnight does not exist starts when the gap ends (America/Sao_Paulo, 4 November 2018)', () => {
    const tz = 'America/Sao_Paulo';
    assert.equal(dayStart(day('2018-11-04'), tz), at('2018-11-04T03:00:00Z'));
    assert.equal(localDay(at('2018-11-04T02:59:59Z'), tz), day('2018-11-03'));
  });

  it('UTC and the day of any instant agree with dayStart', () => {
    assert.equal(localDay(at('2026-12-05T23:59:59Z'), 'UTC'), day('2026-12-05'));
    for (const tz of ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      for (let ms = at('2026-03-01T00:00:00Z'); ms < at('2026-04-15T00:00:00Z'); ms += 7 * HOUR + 13 * 60_000) {
        const d = localDay(ms, tz);
        assert.ok(dayStart(d, tz) <= ms && ms < dayStart(d + 1, tz), `${tz} ${new Date(ms).toISOString()}`);
      }
    }
  });
});

describe('weeks, months and ISO days', () => {
  it('weekOf is the Monday of the ISO week', () => {
    assert.equal(isoDay(weekOf(day('2026-12-05'))), '2026-11-30');
    assert.equal(isoDay(weekOf(day('2026-11-30'))), '2026-11-30');
    assert.equal(isoDay(weekOf(day('2026-12-06'))), '2026-11-30');
    assert.equal(isoDay(weekOf(day('2026-12-07'))), '2026-12-07');
    assert.equal(isoDay(weekOf(0)), '1969-12-29');
    assert.equal(isoDay(weekOf(day('2021-01-03'))), '2020-12-28');
  });

  it('monthOf counts months since January 1970 and monthStart is its first day', () => {
    assert.equal(monthOf(day('1970-01-31')), 0);
    assert.equal(monthOf(day('2026-02-28')), 56 * 12 + 1);
    assert.equal(isoDay(monthStart(monthOf(day('2026-02-28')))), '2026-02-01');
    assert.equal(isoDay(monthStart(monthOf(day('2024-12-31')))), '2024-12-01');
    assert.equal(monthOf(day('1969-12-31')), -1);
    assert.equal(isoDay(monthStart(-1)), '1969-12-01');
    assert.equal(isoDay(monthStart(-13)), '1968-12-01');
  });

  it('parseIsoDay takes real dates only, and isoDay writes them back', () => {
    assert.equal(parseIsoDay('2026-02-30'), undefined);
    assert.equal(parseIsoDay('2025-02-29'), undefined);
    assert.equal(parseIsoDay('2026-13-01'), undefined);
    assert.equal(parseIsoDay('2026-2-01'), undefined);
    assert.equal(parseIsoDay('2026-02-01T00:00:00Z'), undefined);
    assert.equal(parseIsoDay('1970-01-01'), 0);
    assert.equal(isoDay(parseIsoDay('2024-02-29')!), '2024-02-29');
    assert.equal(isoDay(parseIsoDay('1969-12-31')!), '1969-12-31');
  });

  it('isTimeZone accepts IANA names only', () => {
    assert.ok(isTimeZone('Europe/Paris'));
    assert.ok(isTimeZone('UTC'));
    assert.ok(!isTimeZone('Mars/Olympus'));
    assert.ok(!isTimeZone(''));
  });
});
