import type { SortKey } from '../schema/ruleSet.js';
import { compareDecimals } from '../scoring/decimal.js';

/** What ordering reads of a unit: its facts, or an outcome's numbers. */
export interface Sortable {
  readonly composite: string | null;
  readonly bonus: string | null;
  readonly deduction: string | null;
  readonly change: string | null;
  readonly priorComposite: string | null;
  readonly indicators: Readonly<Record<string, { readonly score: string | null } | undefined>>;
}

/**
 * The value a sort key reads from a unit's facts.
 *
 * @param facts - the unit's facts
 * @param by - the key, e.g. `composite` or `indicators.duties`
 * @returns a decimal string, or null when the unit has no such value
 */
export function sortValue(facts: Sortable, by: string): string | null {
  if (by.startsWith('indicators.')) {
    const id = by.slice('indicators.'.length);
    return Object.hasOwn(facts.indicators, id) ? (facts.indicators[id]?.score ?? null) : null;
  }
  switch (by) {
    case 'composite':
      return facts.composite;
    case 'bonus':
      return facts.bonus;
    case 'deduction':
      return facts.deduction;
    case 'change':
      return facts.change;
    case 'priorComposite':
      return facts.priorComposite;
    default:
      return null;
  }
}

/**
 * Compares two units by a list of keys, first key first. Missing values sort after present ones,
 * whatever the direction.
 *
 * @param keys - sort keys with directions
 * @param a - first unit's facts
 * @param b - second unit's facts
 * @returns negative when `a` comes first, positive when `b` does, 0 when the keys cannot tell them apart
 */
export function compareByKeys(keys: readonly SortKey[], a: Sortable, b: Sortable): number {
  for (const key of keys) {
    const left = sortValue(a, key.by);
    const right = sortValue(b, key.by);
    if (left === right) continue;
    if (left === null) return 1;
    if (right === null) return -1;
    const order = compareDecimals(left, right);
    if (order !== 0) return key.order === 'desc' ? -order : order;
  }
  return 0;
}

/**
 * Compares unit ids in code-point order, so ordering never depends on the machine's locale.
 *
 * @param a - first id
 * @param b - second id
 * @returns -1, 0 or 1
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A unit's values on a list of sort keys as plain numbers, for sorting many units quickly: each decimal
 * becomes its integer part and its fraction in units of 10^-12 (both exact, as decimals have at most
 * 12 digits on either side), preceded by 1 when the value is missing so that missing values sort last.
 *
 * @param keys - sort keys
 * @param facts - the unit's facts
 * @returns three numbers per key
 */
export function numericKeys(keys: readonly SortKey[], facts: Sortable): number[] {
  const out: number[] = [];
  for (const key of keys) {
    const value = sortValue(facts, key.by);
    if (value === null) {
      out.push(1, 0, 0);
      continue;
    }
    const negative = value.charCodeAt(0) === 45;
    const unsigned = negative ? value.slice(1) : value;
    const point = unsigned.indexOf('.');
    const integer = Number(point < 0 ? unsigned : unsigned.slice(0, point));
    const fraction = point < 0 ? 0 : Number(unsigned.slice(point + 1).padEnd(12, '0'));
    const sign = (negative ? -1 : 1) * (key.order === 'desc' ? -1 : 1);
    out.push(0, sign * integer || 0, sign * fraction || 0);
  }
  return out;
}

/**
 * Compares two results of {@link numericKeys}.
 *
 * @param a - first unit's keys
 * @param b - second unit's keys
 * @returns negative when `a` comes first, positive when `b` does, 0 on a full tie
 */
export function compareNumericKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}
