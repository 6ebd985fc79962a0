import { useMemo, useState, type FormEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { endOfDay, fiscalYearOf, todayIso } from '../format';
import { partsOf, readDate, type DateProblem } from './date-input';

/**
 * A page's fiscal year and "as it stood on" date, read from its address (`?fiscalYear=&asOf=`), the
 * form's typed choice, and `show`, which checks the date (not after today) and moves the address to
 * the choice. `asOf` is the end of the chosen day, fixed when it is chosen: "the end of today" is now,
 * which must not move on every render.
 */
export function useYearAsOfChoice(path: string) {
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const fiscalYear = params.get('fiscalYear') ?? fiscalYearOf(new Date());
  const asOfDate = params.get('asOf');
  const asOf = useMemo(
    () => (asOfDate && /^\d{4}-\d{2}-\d{2}$/.test(asOfDate) ? endOfDay(asOfDate) : undefined),
    [asOfDate],
  );
  const [choice, setChoice] = useState({ fiscalYear, asOf: partsOf(asOfDate) });
  const [problem, setProblem] = useState<DateProblem | null>(null);

  function show(event: FormEvent) {
    event.preventDefault();
    const read = readDate(choice.asOf, 'the date', { notAfter: todayIso() });
    if ('problem' in read) {
      setProblem(read.problem);
      return;
    }
    setProblem(null);
    const next = new URLSearchParams({ fiscalYear: choice.fiscalYear });
    if ('date' in read) next.set('asOf', read.date);
    navigate(`${path}?${next}`);
  }

  return { fiscalYear, asOfDate, asOf, choice, setChoice, problem, show };
}
