import { describe, expect, it } from 'vitest';
import { validateRuleSet, type Issue, type RuleSetInput, type StageInput } from '../src/index.js';
import { ruleSetInput2014 } from './support/load.js';
import { tinyRuleSet } from './support/tiny.js';

const findings = (input: RuleSetInput) => validateRuleSet(input).issues.map((issue: Issue) => [issue.severity, issue.code, issue.path]);
const gradeStage = (input: RuleSetInput) => {
  const stage = input.stages[1];
  if (!stage) throw new Error('the tiny rule set has a grade stage');
  return stage;
};

describe('rule-set lint', () => {
  it('finds nothing in the shipped 2014 rule set', () => {
    expect(findings(ruleSetInput2014())).toEqual([]);
  });

  it('errs on a first-match rule after one that always holds', () => {
    const input = tinyRuleSet();
    const stage = gradeStage(input);
    stage.rules.push({ id: 'never', reason: '永不', conditions: { all: [{ fact: 'composite', operator: 'decimalLessThan', value: '10' }] }, event: { type: 'grade', params: { grade: 'good' } } });
    expect(findings(input)).toEqual([['error', 'unreachable-rule', '$.stages[1].rules[2]']]);
  });

  it('errs on a first-match rule with the same conditions as an earlier one without a quota', () => {
    const input = tinyRuleSet();
    const stage = gradeStage(input);
    const conditions = { all: [{ fact: 'composite', operator: 'decimalLessThan', value: '60' }] };
    stage.rules.splice(1, 0, { id: 'weak', reason: '弱', conditions, event: { type: 'grade', params: { grade: 'good' } } }, { id: 'weak-again', reason: '弱', conditions, event: { type: 'grade', params: { grade: 'good' } } });
    expect(findings(input)).toEqual([['error', 'unreachable-rule', '$.stages[1].rules[2]']]);
  });

  it('does not count a rule with a quota as always holding: units over it fall through', () => {
    const input = tinyRuleSet();
    const rule = gradeStage(input).rules[0];
    if (rule) rule.conditions = { all: [] };
    expect(findings(input)).toEqual([]);
  });

  it('warns of an empty any, which holds for every unit as an empty all does, at its path however deep', () => {
    const input = tinyRuleSet();
    const rule = gradeStage(input).rules[0];
    if (rule) rule.conditions = { all: [{ fact: 'composite', operator: 'decimalGreaterThanInclusive', value: '80' }, { not: { any: [] } }, { any: [] }] };
    expect(findings(input)).toEqual([
      ['warning', 'empty-any', '$.stages[1].rules[0].conditions.all[1].not'],
      ['warning', 'empty-any', '$.stages[1].rules[0].conditions.all[2]'],
    ]);
    // under a not, the not holds for none, and the warning says so
    const messages = validateRuleSet(input).issues.map((issue) => issue.message);
    expect(messages[0]).toContain('here under a "not", which reads it so: give it conditions, or leave it out');
    expect(messages[1]).toContain('write "all": [] where the rule is meant to hold always');
  });

  it('warns of a stage for a status, and a condition asking for a status, grade, mention or flag, that no earlier stage gives', () => {
    const input = ruleSetInput2014();
    // the stages of mentions for vertical units and of follow-up moved before the stages that give status and grade
    const [scope, track, grade, mentions, followUp] = input.stages as [StageInput, StageInput, StageInput, StageInput, StageInput];
    input.stages = [scope, mentions, followUp, track, grade];
    const found = findings(input);
    expect(found).toContainEqual(['warning', 'stage-never-applies', '$.stages[1].appliesTo']);
    // the follow-up stage asks for status vertical (no stage before it gives one) and graded (every unit is, to begin with)
    const never = found.filter(([, code]) => code === 'never-given-before');
    expect(never).toEqual([['warning', 'never-given-before', expect.stringMatching(/^\$\.stages\[2\]\.rules\[\d+\]\.conditions\.all\[0\]\.value$/)]]);
    // the shipped order, a grade asked for after the stage that gives it, and a condition under a not, are not
    expect(findings(ruleSetInput2014())).toEqual([]);
    const asked = ruleSetInput2014();
    const last = asked.stages.at(-1) as StageInput;
    last.rules.push(
      { id: 'after', reason: '优秀', conditions: { all: [{ fact: 'grade', operator: 'in', value: ['overall-excellent', 'good'] }] }, event: { type: 'flag', params: { flag: 'interview' } } },
      { id: 'not-flagged', reason: '未约谈', conditions: { not: { fact: 'flags', operator: 'contains', value: 'interview' } }, event: { type: 'flag', params: { flag: 'interview' } } },
    );
    expect(findings(asked)).toEqual([]);
  });

  it('warns of last year\'s grade compared with a grade this year\'s rules do not declare', () => {
    const input = ruleSetInput2014();
    (input.stages.at(-1) as StageInput).rules.push({
      id: 'was-excellent',
      reason: '上年优秀',
      conditions: { any: [{ fact: 'priorGrade', operator: 'equal', value: 'overall-excelent' }, { fact: 'priorGrade', operator: 'in', value: ['good', 'fair'] }] },
      event: { type: 'flag', params: { flag: 'interview' } },
    });
    const issues = validateRuleSet(input).issues;
    expect(issues.map((issue) => [issue.severity, issue.code, issue.path])).toEqual([
      ['warning', 'unknown-prior-grade', '$.stages[4].rules[4].conditions.any[0].value'],
      ['warning', 'unknown-prior-grade', '$.stages[4].rules[4].conditions.any[1].value'],
    ]);
    expect(issues[1]?.message).toBe(
      'last year\'s grade is compared with "fair", which is not one of this rule set\'s grades ("overall-excellent", "single-item-excellent", "good"): right only if last year\'s rules gave it; check its spelling',
    );
  });

  it('warns about a quota with no tie-break', () => {
    const input = tinyRuleSet();
    input.ranking = { orderBy: [{ by: 'composite', order: 'desc' }] };
    expect(findings(input)).toEqual([['warning', 'quota-without-tie-break', '$.stages[1].rules[0].quota']]);
  });

  it('warns about a grade no rule gives, an idle subject and a missing total', () => {
    const input = tinyRuleSet();
    input.grades.push({ id: 'fair', label: '一般' });
    input.subjects.push({ id: 's3', label: '主体三' });
    delete input.total;
    expect(findings(input)).toEqual([
      ['warning', 'grade-never-given', '$.grades[2]'],
      ['warning', 'idle-subject', '$.subjects[2]'],
      ['warning', 'no-total', '$'],
    ]);
    expect(validateRuleSet(input).ok).toBe(true);
  });

  it('errs on points that do not add up to the total', () => {
    const input = tinyRuleSet();
    input.total = '90';
    expect(findings(input)).toEqual([['error', 'total-mismatch', '$.total']]);
  });

  it('errs on a grade given in an all-match stage', () => {
    const input = tinyRuleSet();
    gradeStage(input).mode = 'all-match';
    expect(findings(input)).toContainEqual(['error', 'all-match-decision', '$.stages[1].rules[0].event.type']);
  });

  it('errs on follow-up documents and staff quotas that name undeclared flags and grades', () => {
    const input = tinyRuleSet();
    input.followUp = { documents: { interview: 'talk' }, staffExcellentQuota: { byGrade: { superb: '0.1' } } };
    expect(findings(input)).toEqual([
      ['error', 'unknown-flag', '$.followUp.documents.interview'],
      ['error', 'unknown-grade', '$.followUp.staffExcellentQuota.byGrade["superb"]'],
    ]);
  });

  it('refuses operators that cannot mean what they seem on a fact', () => {
    const input = tinyRuleSet();
    const rule = gradeStage(input).rules[0];
    if (rule) {
      rule.conditions = {
        all: [
          { fact: 'dataFlags', operator: 'in', value: ['x'] },
          { fact: 'rank', operator: 'equal', value: '1' },
          { fact: 'composite', operator: 'notIn', value: ['96.8'] },
          { fact: 'category', operator: 'greaterThan', value: 'a' },
          { fact: 'composite', operator: 'not:equal', value: '90' },
          { fact: 'composite', operator: 'decimalGreaterThan', value: { fact: 'category' } },
          { fact: 'composite', operator: 'contains', value: '9' },
        ],
      };
    }
    const messages = validateRuleSet(input).issues.map((issue) => `${issue.path}: ${issue.message}`);
    const base = '$.stages[1].rules[0].conditions.all';
    expect(messages).toEqual([
      `${base}[0].operator: in does not apply to a fact that holds a list of ids; expected one of contains, doesNotContain`,
      `${base}[1].value: equal compares with a whole number such as 3, found "1"`,
      `${base}[2].operator: notIn compares decimals inexactly (as binary floats or as text); expected one of decimalEqual, decimalNotEqual, decimalGreaterThan, decimalGreaterThanInclusive, decimalLessThan, decimalLessThanInclusive`,
      `${base}[3].operator: greaterThan does not apply to a fact that holds text; expected one of equal, notEqual, in, notIn`,
      `${base}[4].operator: operator decorators such as "not:equal" are not supported; use not, any and all around conditions instead`,
      `${base}[5].value: decimalGreaterThan compares with a decimal string such as "90", but category holds text`,
      // a list's operator does not compare a decimal at all, exactly or not
      `${base}[6].operator: contains does not apply to a fact that holds a decimal; expected one of decimalEqual, decimalNotEqual, decimalGreaterThan, decimalGreaterThanInclusive, decimalLessThan, decimalLessThanInclusive`,
    ]);
  });
});
