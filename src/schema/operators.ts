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

const KNOWN = new Set<string>([...DECIMAL_OPERATORS, ...BUILTIN_OPERATORS]);
const DECIMAL = new Set<string>(DECIMAL_OPERATORS);

/** Which operators each kind of fact takes, and what their value must be. */
const ALLOWED: Readonly<Record<FactKind, Readonly<Record<string, 'decimal' | 'integer' | 'text' | 'texts' | 'integers'>>>> = {
  decimal: Object.fromEntries(DECIMAL_OPERATORS.map((operator) => [operator, 'decimal'])),
  integer: {
    ...Object.fromEntries(DECIMAL_OPERATORS.map((operator) => [operator, 'decimal' as const])),
    equal: 'integer',
    notEqual: 'integer',
    lessThan: 'integer',
    lessThanInclusive: 'integer',
    greaterThan: 'integer',
    greaterThanInclusive: 'integer',
    in: 'integers',
    notIn: 'integers',
  },
  text: { equal: 'text', notEqual: 'text', in: 'texts', notIn: 'texts' },
  'text-list': { contains: 'text', doesNotContain: 'text' },
};

/** What a condition's value must be, given its operator; see {@link checkOperator}. */
export type ValueShape = 'decimal' | 'integer' | 'text' | 'texts' | 'integers';

/**
 * Checks that an operator exists and suits the kind of fact it reads, and says what its value must be.
 * Decimal facts take only the exact decimal operators; integer facts (ranks, sizes) those and the numeric
 * built-ins; text facts equal, notEqual, in and notIn; list facts contains and doesNotContain.
 * json-rules-engine's operator decorators (`not:`, `someValue:`, …) are refused: they reshape operands in
 * ways that cannot be checked before a run.
 *
 * @param operator - the operator as written
 * @param kind - the kind of the fact it reads
 * @returns the shape the value must have, or a problem description
 */
export function checkOperator(operator: string, kind: FactKind): { shape: ValueShape } | { problem: string } {
  if (operator.includes(':')) {
    return { problem: `operator decorators such as ${JSON.stringify(operator)} are not supported; use not, any and all around conditions instead` };
  }
  if (!KNOWN.has(operator)) return { problem: `unknown operator ${JSON.stringify(operator)}; expected one of ${[...KNOWN].join(', ')}` };
  const shape = ALLOWED[kind][operator];
  if (shape !== undefined) return { shape };
  const allowed = Object.keys(ALLOWED[kind]).join(', ');
  // a comparison of json-rules-engine's own, on a decimal (a list's operators do not compare it at all)
  if (kind === 'decimal' && !DECIMAL.has(operator) && operator !== 'contains' && operator !== 'doesNotContain') {
    const exact = operator === 'equal' ? 'decimalEqual' : operator === 'notEqual' ? 'decimalNotEqual' : `decimal${operator[0]?.toUpperCase()}${operator.slice(1)}`;
    const hint = KNOWN.has(exact) ? `; use ${exact}` : `; expected one of ${allowed}`;
    return { problem: `${operator} compares decimals inexactly (as binary floats or as text)${hint}` };
  }
  const what = kind === 'text-list' ? 'a list of ids' : kind === 'text' ? 'text' : kind === 'integer' ? 'a whole number' : 'a decimal';
  return { problem: `${operator} does not apply to a fact that holds ${what}; expected one of ${allowed}` };
}

/**
 * Whether a literal value has the shape an operator needs.
 *
 * @param shape - what {@link checkOperator} said
 * @param value - the condition's value
 * @returns true when it fits
 */
export function valueFits(shape: ValueShape, value: unknown): boolean {
  switch (shape) {
    case 'decimal':
      return typeof value === 'string' && DECIMAL_PATTERN.test(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'text':
      return typeof value === 'string';
    case 'texts':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'integers':
      return Array.isArray(value) && value.every((item) => typeof item === 'number' && Number.isSafeInteger(item));
  }
}

/** Describes a value shape for messages. */
export function describeShape(shape: ValueShape): string {
  return {
    decimal: 'a decimal string such as "90"',
    integer: 'a whole number such as 3',
    text: 'a single id',
    texts: 'a list of ids',
    integers: 'a list of whole numbers',
  }[shape];
}

const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
