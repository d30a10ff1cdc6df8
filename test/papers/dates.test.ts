import { describe, expect, it } from 'vitest';
import { hasExplicitYear, parseListingDate } from '../../src/papers/dates.ts';

const REF = new Date('2026-11-23T12:00:00Z');

describe('parseListingDate', () => {
  it.each([
    // explicit year: taken as written
    ['Jul 24, 2024', REF, '2024-07-24'],
    ['Feb 7, 2024', REF, '2024-02-07'],
    ['Jun 9, 2024', REF, '2024-06-09'],
    ['Dec 18, 2024', REF, '2024-12-18'],
    ['Feb 29, 2024', REF, '2024-02-29'],
    ['Jan 2, 2030', REF, '2030-01-02'],
    ['  Jul 24, 2024  ', REF, '2024-07-24'],
    // no year: the latest such day not after the reference
    ['Mar 20', REF, '2026-03-20'],
    ['Dec 26', REF, '2025-12-26'],
    ['Nov 23', REF, '2026-11-23'],
    ['Nov 24', REF, '2025-11-24'],
    ['Jan 1', REF, '2026-01-01'],
    ['Oct 13', REF, '2026-10-13'],
    ['Dec 31', new Date('2027-01-01T00:00:00Z'), '2026-12-31'],
    ['Jan 1', new Date('2027-01-01T00:00:00Z'), '2027-01-01'],
    ['Mar 20', new Date('2026-03-19T12:00:00Z'), '2025-03-20'],
    // Feb 29 without a year: the latest leap-year Feb 29 not in the future
    ['Feb 29', REF, '2024-02-29'],
    ['Feb 29', new Date('2024-02-29T08:00:00Z'), '2024-02-29'],
    ['Feb 29', new Date('2024-02-28T08:00:00Z'), '2020-02-29'],
    ['Feb 29', new Date('2101-06-01T00:00:00Z'), '2096-02-29'],
  ])('%j with reference %s → %s', (text, reference, expected) => {
    expect(parseListingDate(text, reference)).toBe(expected);
  });

  it.each([
    'Feb 30, 2024',
    'Feb 29, 2025',
    'Feb 30',
    'Abc 3',
    'Abc 3, 2024',
    'July 24, 2024',
    'Sept 4',
    'Jul 24 2024',
    'Jul 4, 24',
    'Jul 24, 2024 2',
    '24 Jul 2024',
    '2024-07-24',
    'Jul',
    '',
    'a paper about Jul 24, 2024',
  ])('%j is not a listing date → null', (text) => {
    expect(parseListingDate(text, REF)).toBeNull();
  });

  it('reads the reference day in UTC, whatever the host time zone', () => {
    // 23:30 in New York on Nov 23 is already Nov 24 in UTC.
    const lateEvening = new Date('2026-11-23T23:30:00-05:00');
    expect(parseListingDate('Nov 24', lateEvening)).toBe('2026-11-24');
    expect(parseListingDate('Nov 25', lateEvening)).toBe('2025-11-25');
  });

  it('gives null for a year-less date when the reference is not a valid date, and never throws', () => {
    expect(parseListingDate('Mar 20', new Date(Number.NaN))).toBeNull();
    expect(parseListingDate('Mar 20, 2024', new Date(Number.NaN))).toBe('2024-03-20');
    expect(() => parseListingDate(undefined as unknown as string, REF)).not.toThrow();
  });
});

describe('hasExplicitYear', () => {
  it.each([
    ['Jul 24, 2024', true],
    ['Mar 20', false],
    ['Feb 29', false],
    ['garbage 2024', false],
  ])('%j → %s', (text, expected) => {
    expect(hasExplicitYear(text)).toBe(expected);
  });
});
