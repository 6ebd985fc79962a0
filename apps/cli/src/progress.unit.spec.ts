import { count } from './progress';

describe('count', () => {
  it('groups thousands as a UK reader expects', () => {
    expect(count(1_000_000)).toBe('1,000,000');
    expect(count(300_000)).toBe('300,000');
  });

  it('leaves small counts alone and rounds rates to whole events', () => {
    expect(count(3)).toBe('3');
    expect(count(0)).toBe('0');
    expect(count(95_755.4)).toBe('95,755');
  });
});
