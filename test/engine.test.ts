import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileStage, factsList } from '../src/engine/compile.js';
import { decimalOperators, isDecimalText, resolvePath } from '../src/engine/operators.js';
import type { UnitFacts } from '../src/facts/deriveFacts.js';
import type { Stage } from '../src/schema/ruleSet.js';
import { _hundredths } from '../src/texts.js';
import { Decimal } from '../src/scoring/decimal.js';

const operator = (name: string) => {
  const found = decimalOperators.find((entry) => entry.name === name);
  if (!found) throw new Error(`no operator ${name}`);
  // Operator#evaluate is public in json-rules-engine but missing from its type declarations
  const evaluator = found as unknown as { evaluate(fact: unknown, value: unknown): boolean };
  return (fact: unknown, value: unknown) => evaluator.evaluate(fact, value);
};

describe('decimal operators', () => {
  it('compare exactly, where floats and text comparison would not', () => {
    expect(operator('decimalEqual')('90.0', '90')).toBe(true);
    expect(operator('decimalGreaterThan')('100.00', '99.99')).toBe(true); // as text, "100.00" < "99.99"
    expect(operator('decimalGreaterThanInclusive')('89.99999999999999999', '90')).toBe(false);
    expect(operator('decimalLessThan')('-5.01', '-5')).toBe(true);
    expect(operator('decimalLessThanInclusive')('-5.00', '-5')).toBe(true);
    expect(operator('decimalNotEqual')('0.30', '0.3')).toBe(false);
  });

  it('read integers (ranks, group sizes) as well as decimal strings', () => {
    expect(operator('decimalLessThanInclusive')(3, '3')).toBe(true);
  });

  it('are false on a missing or non-numeric value, whichever the comparison', () => {
    for (const name of ['decimalEqual', 'decimalNotEqual', 'decimalGreaterThan', 'decimalLessThan']) {
      expect(operator(name)(null, '1'), name).toBe(false);
      expect(operator(name)('abc', '1'), name).toBe(false);
      expect(operator(name)(0.1, '1'), name).toBe(false);
    }
  });
});

describe('compiled conditions comparing a fact with a constant', () => {
  it('give what the operator itself gives, whatever the fact holds and whatever the constant is', () => {
    const constant = fc.oneof(
      fc.integer({ min: -100000, max: 100000 }).map((n) => (n / 100).toFixed(n % 3 === 0 ? 0 : 2)),
      fc.constantFrom('0', '-0', '007', '1.', 'abc', '', '1e3'),
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0.5, null, true),
    );
    const fact = fc.oneof(
      fc.integer({ min: -100000, max: 100000 }).map((n) => (n / 100).toFixed(n % 4 === 0 ? 0 : 2)),
      fc.constantFrom('-0.00', '00', '1.', ' 1', 'NaN', '', '9'.repeat(30), `0.${'1'.repeat(20)}`),
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0.5, Number.MAX_SAFE_INTEGER + 2, null, undefined, true, {}, []),
    );
    fc.assert(
      fc.property(fc.constantFrom(...decimalOperators.map((entry) => entry.name)), fact, constant, (name, seen, value) => {
        const stage = { id: 's', rules: [{ id: 'r', conditions: { all: [{ fact: 'composite', operator: name, value }] } }] } as unknown as Stage;
        const [rule] = compileStage(stage);
        const facts = { composite: seen } as unknown as UnitFacts;
        expect(rule?.holds(facts)).toBe(operator(name)(seen, value));
        expect(rule?.trace(facts)).toMatchObject({ all: [{ seen: seen ?? null, result: operator(name)(seen, value) }] });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a compiled comparison with a constant, over many units', () => {
  it('gives each unit what the operator gives, values met before included (answers kept by value)', () => {
    const texts = fc.oneof(
      fc.integer({ min: 0, max: 100_000 }).map((n) => (n / 100).toFixed(2)),
      fc.constantFrom('00.00', '01.50', '1.5', '100.0', '1000.00', '-1.00', '0.000'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...decimalOperators.map((entry) => entry.name)), texts, fc.array(texts, { minLength: 1, maxLength: 60 }), (name, value, seen) => {
        const stage = { id: 's', rules: [{ id: 'r', conditions: { all: [{ fact: 'composite', operator: name, value }] } }] } as unknown as Stage;
        const [rule] = compileStage(stage);
        for (const composite of [...seen, ...seen]) expect(rule?.holds({ composite } as unknown as UnitFacts), `${composite} ${name} ${value}`).toBe(operator(name)(composite, value));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a compiled comparison with a constant, a block of units at a time', () => {
  it('gives each unit what the operator gives, for values below zero and values read as numbers of hundredths', () => {
    // values near each other and near the constants, so that answers kept for one value are met by the next
    // value up or down, and by the same value below zero
    const signed = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer({ min: -100_000, max: 100_000 })).map((n) => (n / 100).toFixed(2));
    const texts = fc.oneof(signed, fc.constantFrom('-0.00', '0.00', '-00.50', '-1.5', '1000.00', '-1000.00', '5', '-5'));
    const indicators = [{ id: 'duties', points: '40' }];
    fc.assert(
      fc.property(
        fc.constantFrom(...decimalOperators.map((entry) => entry.name)),
        texts,
        fc.array(fc.tuple(texts, fc.boolean()), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('composite', 'change', 'indicators'),
        (name, value, seen, fact) => {
          const condition = fact === 'indicators' ? { fact, path: '$.duties.score', operator: name, value } : { fact, operator: name, value };
          const stage = { id: 's', rules: [{ id: 'r', conditions: { all: [condition] } }] } as unknown as Stage;
          // each value twice, so that the second meets the answer kept for the first; where the scoring knows a
          // value's number of hundredths (the flag), it is given, as the scoring gives it
          const mirrored = seen.map(([text, known]): [string, boolean] => [text.startsWith('-') ? text.slice(1) : `-${text}`, known]);
          // and the values a hundredth above and below the constant, met after the constant itself
          const around = /^-?\d+(\.\d+)?$/.test(value) ? [-1, 0, 1].map((step): [string, boolean] => [new Decimal(value).plus(step / 100).toFixed(2), true]) : [];
          const values = [...around, ...seen, ...mirrored, ...around.reverse(), ...seen];
          const hundredths = Int32Array.from(values, ([text, known]) => (known ? _hundredths(text) : -1));
          // the units' rows in the lists in another order than the units'
          const rows = Int32Array.from(values.keys()).reverse();
          const inRows = Int32Array.from(values.keys(), (row) => hundredths[values.length - 1 - row] as number);
          const [rule] = compileStage(stage, { indicators, scoreAt: (unit) => (values[unit] as [string, boolean])[0] });
          const facts = values.map(([text]) => ({ composite: text, change: text, indicators: {} }) as unknown as UnitFacts);
          // the facts as a list, and as columns read without the units' facts
          const sources = [factsList(facts), { at: () => ({}) as UnitFacts, reader: (fact: string) => (unit: number) => (facts[unit] as unknown as Record<string, unknown>)[fact] }];
          for (const source of sources) {
            const into = new Uint8Array(values.length);
            rule?.column(source, Int32Array.from(values.keys()), values.length, into, { rows, scores: inRows, width: 1, composites: inRows });
            values.forEach(([text], unit) => {
              const expected = operator(name)(text, value);
              expect(into[unit], `${text} ${name} ${value}`).toBe(expected ? 1 : 0);
              expect(rule?.holds(facts[unit] as UnitFacts, unit), `${text} ${name} ${value}`).toBe(expected);
            });
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('compiled conditions on indicators, read from the scores', () => {
  it("give what the units' indicator facts give, for scores, points, other fields and ids the rule set lacks", () => {
    const indicators = [
      { id: 'duties', points: '40' },
      { id: 'public', points: '20' },
    ];
    const score = fc.option(fc.integer({ min: 0, max: 4000 }).map((n) => (n / 100).toFixed(2)), { nil: null });
    const path = fc.tuple(fc.constantFrom('duties', 'public', 'toString', 'nope'), fc.constantFrom('score', 'points', 'rank')).map(([id, field]) => `$.${id}.${field}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(score, score), { minLength: 1, maxLength: 8 }), path, fc.boolean(), fc.constantFrom('20', '30.5'), (units, at, againstFact, value) => {
        // one condition with a constant, or one comparing the composite with the indicator's value
        const condition = againstFact ? { fact: 'composite', operator: 'decimalGreaterThan', value: { fact: 'indicators', path: at } } : { fact: 'indicators', path: at, operator: 'decimalGreaterThanInclusive', value };
        const stage = { id: 's', rules: [{ id: 'r', conditions: { any: [condition] } }] } as unknown as Stage;
        const [fromScores] = compileStage(stage, { indicators, scoreAt: (unit, k) => (units[unit] as (string | null)[])[k] ?? null });
        const [fromFacts] = compileStage(stage);
        units.forEach((scores, unit) => {
          const table = Object.create(null) as Record<string, unknown>;
          indicators.forEach((indicator, k) => (table[indicator.id] = { score: scores[k], rank: 1, percentile: '100.00', points: indicator.points }));
          const facts = { composite: '30.00', indicators: table } as unknown as UnitFacts;
          const empty = { composite: '30.00', indicators: Object.create(null) } as unknown as UnitFacts;
          const expected = fromFacts?.holds(facts);
          // the rank is read from the facts: a rule set whose rules read ranks makes its units' indicator facts at once
          if (!at.endsWith('.rank')) expect(fromScores?.holds(empty, unit), `${at} ${JSON.stringify(scores)}`).toBe(expected);
          // without the unit's number, the facts are read
          expect(fromScores?.holds(facts)).toBe(expected);
          expect(fromScores?.trace(facts)).toEqual(fromFacts?.trace(facts));
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('path resolver', () => {
  it('follows $.a.b through own properties', () => {
    expect(resolvePath({ duties: { score: '38.00' } }, '$.duties.score')).toBe('38.00');
    expect(resolvePath({ duties: { score: '38.00' } }, '$.duties.rank')).toBeUndefined();
  });

  it('never reaches inherited properties or prototypes', () => {
    expect(resolvePath({}, '$.constructor')).toBeUndefined();
    expect(resolvePath({ a: {} }, '$.a.__proto__')).toBeUndefined();
    expect(resolvePath({ a: 'text' }, '$.a.length')).toBeUndefined();
  });
});

describe('decimal operators refuse what is not a plain decimal', () => {
  it('are false on text that only contains a number', () => {
    for (const value of ['x9', '9x', '9.', '.5', '1e2', ' 9']) expect(operator('decimalGreaterThan')(value, '1'), value).toBe(false);
    expect(operator('decimalGreaterThan')('9', 'x1')).toBe(false);
  });
});

describe('plain decimal text', () => {
  const pattern = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
  it('is told apart character by character exactly as the pattern tells it', () => {
    const near = fc.stringMatching(/^-?[0-9]{0,4}(\.[0-9]{0,3})?$/);
    const text = fc.oneof(near, fc.string({ unit: fc.constantFrom('-', '.', '0', '1', '9', 'e', ' ', '+', '０'), maxLength: 8 }), fc.string());
    fc.assert(
      fc.property(text, (value) => {
        expect(isDecimalText(value), JSON.stringify(value)).toBe(pattern.test(value));
      }),
      { numRuns: 5000 },
    );
    for (const value of ['0', '-0', '7', '-12.50', '100.00']) expect(isDecimalText(value), value).toBe(true);
    for (const value of ['', '-', '07', '-07', '1.', '.5', '-.5', '1e3', ' 1', '1 ', '+1', '0.5.5', '１']) expect(isDecimalText(value), value).toBe(false);
  });
});
