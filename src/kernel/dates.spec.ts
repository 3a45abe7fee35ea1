// Unit specs for calendar-date checks and today's UTC date.
import { isCalendarDate, todayUtc } from './dates';

describe('isCalendarDate', () => {
  it.each(['2025-01-31', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '2025-12-31'])('accepts %p', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each([
    ['0000-01-01', 'year zero'],
    ['2025-02-29', 'not a leap year'],
    ['1900-02-29', 'century, not a leap year'],
    ['2025-04-31', 'April has 30 days'],
    ['2025-13-01', 'month 13'],
    ['2025-00-10', 'month 0'],
    ['2025-01-00', 'day 0'],
    ['2025-1-1', 'missing zero padding'],
    ['20250101', 'no dashes'],
    ['2025-01-01T00:00:00Z', 'a timestamp'],
    [' 2025-01-01', 'leading space'],
    ['', 'empty'],
  ])('refuses %p (%s)', (value) => {
    expect(isCalendarDate(value)).toBe(false);
  });
});

describe('todayUtc', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('is the UTC date as YYYY-MM-DD', () => {
    expect(todayUtc()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(isCalendarDate(todayUtc())).toBe(true);
  });

  it('uses the UTC day, not the local one', () => {
    jest.useFakeTimers().setSystemTime(new Date('2025-06-30T23:30:00-05:00'));
    expect(todayUtc()).toBe('2025-07-01');
  });
});
