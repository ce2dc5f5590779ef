import type { FactKind } from '../facts/catalog.js';

/** The exact decimal comparisons kaoping adds to json-rules-engine. Both sides are decimal strings. */
export const DECIMAL_OPERATORS = [
  'decimalEqual',
  'decimalNotEqual',
  'decimalGreaterThan',
  'decimalGreaterThanInclusive',
  'decimalLessThan',
  'decimalLessThanInclusive',
] as const;

/** json-rules-engine's own operators. */
export const BUILTIN_OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

/** json-rules-engine's operator decorators, written `decorator:operator`. */
export const OPERATOR_DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'] as const;

const NUMERIC = new Set<string>(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const DECIMAL = new Set<string>(DECIMAL_OPERATORS);
const KNOWN = new Set<string>([...DECIMAL_OPERATORS, ...BUILTIN_OPERATORS]);
const DECORATORS = new Set<string>(OPERATOR_DECORATORS);

/**
 * Checks that an operator exists and suits the kind of fact it is applied to.
 *
 * @param operator - the operator as written, possibly with decorators (`not:contains`)
 * @param kind - the kind of the fact it reads
 * @returns a problem description, or undefined when the pair is fine
 */
export function checkOperator(operator: string, kind: FactKind): string | undefined {
  const parts = operator.split(':');
  const base = parts.pop() ?? '';
  const unknownDecorator = parts.find((part) => !DECORATORS.has(part));
  if (unknownDecorator !== undefined) {
    return `unknown operator decorator ${JSON.stringify(unknownDecorator)}; expected one of ${OPERATOR_DECORATORS.join(', ')}`;
  }
  if (!KNOWN.has(base)) {
    return `unknown operator ${JSON.stringify(base)}; expected one of ${[...KNOWN].join(', ')}`;
  }
  if (parts.length > 0) return undefined; // decorated operators reshape their operands: no kind check
  if (kind === 'decimal' && (NUMERIC.has(base) || base === 'equal' || base === 'notEqual')) {
    const exact = base === 'equal' ? 'decimalEqual' : base === 'notEqual' ? 'decimalNotEqual' : `decimal${base[0]?.toUpperCase()}${base.slice(1)}`;
    return `${base} compares decimals inexactly (as binary floats or as text); use ${exact}`;
  }
  if (DECIMAL.has(base) && kind !== 'decimal' && kind !== 'integer') {
    return `${base} compares decimals, but this fact holds ${kind === 'text-list' ? 'a list of ids' : 'text'}`;
  }
  if ((base === 'contains' || base === 'doesNotContain') && kind !== 'text-list') {
    return `${base} needs a fact that holds a list (dataFlags, mentions, flags)`;
  }
  return undefined;
}

/** Whether an operator (without decorators) expects a list as its value. */
export function expectsList(operator: string): boolean {
  return operator === 'in' || operator === 'notIn';
}

/** Whether an operator is one of kaoping's decimal operators. */
export function isDecimalOperator(operator: string): boolean {
  return DECIMAL.has(operator);
}
