import { prefersCsv } from './csv-negotiation';

describe('prefersCsv', () => {
  it.each([
    'text/csv',
    'TEXT/CSV',
    'text/csv; charset=utf-8',
    'text/*',
    'text/csv, application/json',
    'application/json;q=0.5, text/csv',
    'text/csv;q=0.9, application/json;q=0.8',
    'application/json;q=0, text/csv;q=0.1',
    'text/csv, */*;q=0.1',
    'text/html, text/csv;q=0.5',
    ['text/html', 'text/csv'],
  ])('answers CSV to %j', (accept) => {
    expect(prefersCsv(accept)).toBe(true);
  });

  it.each([
    undefined,
    '',
    '*/*',
    'application/json',
    'application/json, text/csv',
    'text/csv;q=0',
    'text/csv;q=0.5, application/json',
    'text/csv;q=0.5, */*',
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'application/xml',
    'text/csv;q=abc',
    'text/*;q=0.5, application/*',
    'text/plain',
  ])('answers JSON to %j', (accept) => {
    expect(prefersCsv(accept)).toBe(false);
  });
});
