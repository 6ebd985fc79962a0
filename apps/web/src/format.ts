/**
 * Money arrives as decimal strings ("1250000.5"); formatting the string itself keeps every penny
 * exact, which a float does not promise for the largest amounts the ledger accepts.
 */
export function pounds(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}£${grouped}.${(fraction + '00').slice(0, 2)}`;
}

/** Pence arithmetic on decimal strings, for figures the page derives (totals, what remains). */
export function toPence(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole, fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const pence = BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -pence : pence;
}

export function fromPence(pence: bigint): string {
  const negative = pence < 0n;
  const magnitude = negative ? -pence : pence;
  const text = `${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: LONDON,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: LONDON,
});

/** 2 December 2026 */
export function ukDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date);
}

/** 2 December 2026 at 09:30:05 (UK time) */
export function ukDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : `${dateFormat.format(date)} at ${timeFormat.format(date)}`;
}

export function decimal(value: number | null | undefined, places = 2): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString('en-GB', {
    minimumFractionDigits: places,
    maximumFractionDigits: places,
  });
}

export function years(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'never (no net yearly benefit)';
  return `${decimal(value, 1)} years`;
}

export function score(value: number | null | undefined, places = 1): string {
  return value === null || value === undefined
    ? 'not yet scored'
    : `${decimal(value, places)} of 100`;
}

/** UK fiscal years run April to March: 2 December 2026 falls in 2026-27. */
export function fiscalYearOf(date: Date): string {
  const start = date.getMonth() >= 3 ? date.getFullYear() : date.getFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export function fiscalYearsAround(date: Date, before = 2, after = 2): string[] {
  const current = Number(fiscalYearOf(date).slice(0, 4));
  const result: string[] = [];
  for (let start = current - before; start <= current + after; start += 1) {
    result.push(`${start}-${String((start + 1) % 100).padStart(2, '0')}`);
  }
  return result;
}

/** The end of a chosen day in the person's own time zone, never later than now. */
export function endOfDay(isoDate: string, now = new Date()): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  const end = new Date(year, month - 1, day, 23, 59, 59, 999);
  return (end > now ? now : end).toISOString();
}

export function todayIso(now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const WORDS: Record<string, string> = {
  'digital-service': 'Digital service',
  'end-user': 'End-user devices',
  infrastructure: 'Infrastructure',
  security: 'Security',
  data: 'Data',
  other: 'Other',
  'chief-officer': 'Chief officer',
  'investment-board': 'Investment board',
  cabinet: 'Cabinet',
  'support-with-conditions': 'Support with conditions',
  support: 'Support',
  oppose: 'Oppose',
  strategicFit: 'Strategic fit',
  valueForMoney: 'Value for money',
  deliverability: 'Deliverability',
  riskReduction: 'Risk reduction',
  serviceImpact: 'Service impact',
  splitSpendReason: 'a reason the spend is not split to avoid a higher tier',
  departureReason: 'a reason for departing from the adopted scenario',
  urgency: 'the urgency procedure for a key decision without notice',
};

/** A code the API uses ("investment-board") in the words people use ("Investment board"). */
export function words(code: string | null | undefined): string {
  if (!code) return '—';
  if (WORDS[code]) return WORDS[code];
  const spaced = code.replace(/-/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
