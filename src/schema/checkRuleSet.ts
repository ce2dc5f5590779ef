import type { Issue } from '../errors.js';
import { lookupFact } from '../facts/catalog.js';
import { compareDecimals, fullMarks, sumOf } from '../scoring/decimal.js';
import type { Condition } from './conditions.js';
import { checkOperator, describeShape, valueFits } from './operators.js';
import { _tooLong, _withinLimits } from './primitives.js';
import type { RuleSet, SortKey } from './ruleSet.js';

/**
 * Checks what a schema cannot: that every reference in a rule set points at something it declares,
 * that ids are unique, that points add up, and that every condition reads a real fact with an
 * operator that suits it.
 *
 * @param ruleSet - a rule set that passed the schema
 * @returns every problem found (empty when there is none)
 */
export function checkRuleSet(ruleSet: RuleSet): Issue[] {
  const issues: Issue[] = [];
  const error = (path: string, code: string, message: string) =>
    issues.push({ code, severity: 'error', document: 'ruleSet', path, message });

  const lists = ['categories', 'subjects', 'indicators', 'adjustments', 'dataFlags', 'grades', 'mentions', 'flags', 'stages'] as const;
  for (const list of lists) _duplicates(ruleSet[list], `$.${list}`, error);
  _duplicates(ruleSet.verticalTrack?.groups ?? [], '$.verticalTrack.groups', error);
  _duplicates(
    ruleSet.stages.flatMap((stage, s) => stage.rules.map((rule, r) => ({ id: rule.id, path: `$.stages[${s}].rules[${r}]` }))),
    '',
    error,
  );

  // what a table names by id or label: a label two of them share, or one that is another's id, would make a
  // table's cell or column the last one's, or the id's, without a word
  const named = { categories: ruleSet.categories, 'verticalTrack.groups': ruleSet.verticalTrack?.groups ?? [], dataFlags: ruleSet.dataFlags, indicators: ruleSet.indicators, subjects: ruleSet.subjects, adjustments: ruleSet.adjustments, grades: ruleSet.grades };
  for (const [list, entries] of Object.entries(named)) _ambiguousLabels(entries, `$.${list}`, error);

  const subjects = new Set(ruleSet.subjects.map((subject) => subject.id));
  ruleSet.indicators.forEach((indicator, i) => {
    const path = `$.indicators[${i}]`;
    indicator.subjects.forEach((share, j) => {
      if (!subjects.has(share.subject)) {
        error(`${path}.subjects[${j}].subject`, 'unknown-subject', `no evaluation subject ${JSON.stringify(share.subject)} is declared in $.subjects`);
      }
    });
    if (indicator.subjects.length > 1) {
      const missing = indicator.subjects.findIndex((share) => share.points === undefined);
      if (missing >= 0) {
        error(`${path}.subjects[${missing}].points`, 'subject-points', 'an indicator shared by several subjects needs each subject\'s points');
      } else {
        const sum = sumOf(indicator.subjects.map((share) => share.points ?? '0'));
        if (compareDecimals(sum, indicator.points) !== 0) {
          error(`${path}.subjects`, 'subject-points', `the subjects' points add up to ${sum}, but the indicator has ${indicator.points}`);
        }
      }
    } else if (indicator.subjects[0]?.points !== undefined && compareDecimals(indicator.subjects[0].points, indicator.points) !== 0) {
      error(`${path}.subjects[0].points`, 'subject-points', `a single subject owns the whole indicator: expected ${indicator.points}, found ${indicator.subjects[0].points}`);
    }
  });
  const total = fullMarks(ruleSet.indicators);
  if (ruleSet.total !== undefined && compareDecimals(total, ruleSet.total) !== 0) {
    error('$.total', 'total-mismatch', `the counted indicators' points × weight add up to ${total}, but total is ${ruleSet.total}`);
  }

  const indicatorIds = new Set(ruleSet.indicators.map((indicator) => indicator.id));
  const checkSortKeys = (keys: readonly SortKey[], path: string) =>
    keys.forEach((key, k) => {
      const indicatorId = key.by.startsWith('indicators.') ? key.by.slice('indicators.'.length) : undefined;
      if (indicatorId !== undefined && !indicatorIds.has(indicatorId)) {
        error(`${path}[${k}].by`, 'unknown-indicator', `no indicator ${JSON.stringify(indicatorId)} is declared in $.indicators`);
      }
    });
  checkSortKeys(ruleSet.ranking.orderBy, '$.ranking.orderBy');

  const declared = {
    grade: new Set(ruleSet.grades.map((grade) => grade.id)),
    mention: new Set(ruleSet.mentions.map((mention) => mention.id)),
    flag: new Set(ruleSet.flags.map((flag) => flag.id)),
  };
  ruleSet.stages.forEach((stage, s) => {
    stage.rules.forEach((rule, r) => {
      const path = `$.stages[${s}].rules[${r}]`;
      _walkConditions(rule.conditions, `${path}.conditions`, (condition, conditionPath) =>
        _checkCondition(ruleSet, condition, conditionPath, error),
      );
      const event = rule.event;
      if (stage.mode === 'all-match' && (event.type === 'status' || event.type === 'grade')) {
        error(
          `${path}.event.type`,
          'all-match-decision',
          `a ${event.type} in an all-match stage: when several rules hold, the last would win silently; put ${event.type} rules in a first-match stage`,
        );
      }
      if (event.type !== 'status') {
        const id = event.type === 'grade' ? event.params.grade : event.type === 'mention' ? event.params.mention : event.params.flag;
        if (!declared[event.type].has(id)) {
          error(`${path}.event.params.${event.type}`, `unknown-${event.type}`, `no ${event.type} ${JSON.stringify(id)} is declared in $.${event.type}s`);
        }
      }
      if (rule.quota?.orderBy) checkSortKeys(rule.quota.orderBy, `${path}.quota.orderBy`);
    });
  });

  const categories = new Set(ruleSet.categories.map((category) => category.id));
  ruleSet.notice?.categoryOrder.forEach((id, i) => {
    if (!categories.has(id)) error(`$.notice.categoryOrder[${i}]`, 'unknown-category', `no category ${JSON.stringify(id)} is declared in $.categories`);
  });
  ruleSet.notice?.lists.forEach((list, i) => {
    if (!declared.grade.has(list.grade)) error(`$.notice.lists[${i}].grade`, 'unknown-grade', `no grade ${JSON.stringify(list.grade)} is declared in $.grades`);
  });
  ruleSet.notice?.vertical?.mentions.forEach((entry, i) => {
    if (!declared.mention.has(entry.mention)) {
      error(`$.notice.vertical.mentions[${i}].mention`, 'unknown-mention', `no mention ${JSON.stringify(entry.mention)} is declared in $.mentions`);
    }
  });
  return issues;
}

/**
 * Calls `visit` on every fact condition below `condition`, with its JSON path.
 *
 * @param condition - a condition tree
 * @param path - the JSON path of `condition`
 * @param visit - called for each leaf
 */
export function _walkConditions(condition: Condition, path: string, visit: (leaf: Extract<Condition, { fact: string }>, path: string) => void): void {
  if ('all' in condition) condition.all.forEach((child, i) => _walkConditions(child, `${path}.all[${i}]`, visit));
  else if ('any' in condition) condition.any.forEach((child, i) => _walkConditions(child, `${path}.any[${i}]`, visit));
  else if ('not' in condition) _walkConditions(condition.not, `${path}.not`, visit);
  else visit(condition, path);
}

function _checkCondition(
  ruleSet: RuleSet,
  condition: Extract<Condition, { fact: string }>,
  path: string,
  error: (path: string, code: string, message: string) => void,
): void {
  const fact = lookupFact(ruleSet, condition.fact, condition.path);
  if ('problem' in fact) {
    error(condition.path === undefined ? `${path}.fact` : `${path}.path`, 'unknown-fact', fact.problem);
    return;
  }
  const operator = checkOperator(condition.operator, fact.kind);
  if ('problem' in operator) {
    error(`${path}.operator`, 'operator', operator.problem);
    return;
  }
  const value = condition.value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const other = lookupFact(ruleSet, value.fact, value.path);
    if ('problem' in other) {
      error(`${path}.value`, 'unknown-fact', other.problem);
      return;
    }
    const numeric = (kind: string) => kind === 'decimal' || kind === 'integer';
    const fits = operator.shape === 'decimal' ? numeric(other.kind) : operator.shape === 'text' ? other.kind === 'text' : operator.shape === 'integer' && other.kind === 'integer';
    if (!fits) error(`${path}.value`, 'value', `${condition.operator} compares with ${describeShape(operator.shape)}, but ${value.fact} holds ${other.kind === 'text-list' ? 'a list' : other.kind}`);
    return;
  }
  if (!valueFits(operator.shape, value)) {
    error(`${path}.value`, 'value', `${condition.operator} compares with ${describeShape(operator.shape)}, found ${JSON.stringify(value)}`);
    return;
  }
  if (operator.shape === 'decimal' && typeof value === 'string' && !_withinLimits(value)) {
    error(`${path}.value`, 'value', `${_tooLong(value)}, as for every decimal of a rule set`);
    return;
  }
  if (fact.vocabulary) {
    const allowed = new Set(fact.vocabulary);
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!allowed.has(String(item))) {
        error(
          `${path}.value`,
          'unknown-value',
          `${condition.fact} is never ${JSON.stringify(item)}; expected one of ${fact.vocabulary.map((v) => JSON.stringify(v)).join(', ') || '(none declared)'}`,
        );
      }
    }
  }
}

/** Labels that tables could not tell apart: one that two entries share, or one that is another entry's id. */
function _ambiguousLabels(entries: readonly { id: string; label: string }[], listPath: string, error: (path: string, code: string, message: string) => void): void {
  const ids = new Map(entries.map((entry, i) => [entry.id, i]));
  const labels = new Map<string, number>();
  entries.forEach((entry, i) => {
    const path = `${listPath}[${i}].label`;
    const first = labels.get(entry.label);
    const id = ids.get(entry.label);
    if (first !== undefined) {
      error(path, 'duplicate-label', `the label ${JSON.stringify(entry.label)} is already used at ${listPath}[${first}]; tables name these by label, so no two may share one`);
    } else if (id !== undefined && id !== i) {
      error(path, 'duplicate-label', `the label ${JSON.stringify(entry.label)} is the id of ${listPath}[${id}]; tables name these by id or label, so a label may not be another's id`);
    }
    if (first === undefined) labels.set(entry.label, i);
  });
}

function _duplicates(
  entries: readonly { id: string; path?: string }[],
  listPath: string,
  error: (path: string, code: string, message: string) => void,
): void {
  const seen = new Map<string, string>();
  entries.forEach((entry, i) => {
    const path = entry.path ?? `${listPath}[${i}]`;
    const first = seen.get(entry.id);
    if (first !== undefined) error(`${path}.id`, 'duplicate-id', `the id ${JSON.stringify(entry.id)} is already used at ${first}`);
    else seen.set(entry.id, path);
  });
}
