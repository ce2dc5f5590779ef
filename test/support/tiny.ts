import type { DatasetInput, RuleSetInput } from '../../src/index.js';

/**
 * A small rule set: streets scored on two indicators (a: 60 points, b: 40), one bonus and one
 * deduction item, and a grade stage with an excellent rule under a quota of at most 2, then good.
 */
export function tinyRuleSet(): RuleSetInput {
  return {
    id: 'tiny',
    year: 2020,
    title: '测试',
    precision: { decimals: 2, rounding: 'half-up' },
    total: '100',
    categories: [
      { id: 'street', label: '街道' },
      { id: 'lead', label: '牵头部门', scored: false },
    ],
    subjects: [
      { id: 's1', label: '主体一' },
      { id: 's2', label: '主体二' },
    ],
    indicators: [
      { id: 'a', label: '甲', points: '60', subjects: [{ subject: 's1', points: '40' }, { subject: 's2', points: '20' }] },
      { id: 'b', label: '乙', points: '40', subjects: [{ subject: 's2' }] },
      { id: 'c', label: '丙', points: '100', counts: false, subjects: [{ subject: 's1' }] },
    ],
    adjustments: [
      { id: 'plus', label: '加分', kind: 'bonus', cap: '2' },
      { id: 'minus', label: '扣分', kind: 'deduction', cap: '3' },
    ],
    grades: [
      { id: 'excellent', label: '优秀' },
      { id: 'good', label: '良好' },
    ],
    ranking: { orderBy: [{ by: 'composite', order: 'desc' }, { by: 'indicators.b', order: 'desc' }] },
    stages: [
      {
        id: 'scope',
        label: '范围',
        mode: 'first-match',
        rules: [
          {
            id: 'lead-out',
            reason: '牵头部门',
            conditions: { all: [{ fact: 'category', operator: 'equal', value: 'lead' }] },
            event: { type: 'status', params: { status: 'excluded' } },
          },
        ],
      },
      {
        id: 'grade',
        label: '等次',
        mode: 'first-match',
        appliesTo: ['graded'],
        rules: [
          {
            id: 'excellent',
            reason: '优秀',
            conditions: { all: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '80' }] },
            event: { type: 'grade', params: { grade: 'excellent' } },
            quota: { max: 2 },
          },
          { id: 'good', reason: '良好', conditions: { all: [] }, event: { type: 'grade', params: { grade: 'good' } } },
        ],
      },
    ],
  };
}

/** Streets with whole scores on a and b: `[id, a, b]`. */
export function tinyDataset(rows: readonly (readonly [string, string, string])[]): DatasetInput {
  return {
    units: rows.map(([id]) => ({ id, name: `街道${id}`, category: 'street' })),
    scores: rows.flatMap(([id, a, b]) => [
      { unit: id, indicator: 'a', score: a },
      { unit: id, indicator: 'b', score: b },
    ]),
  };
}
