import { createStageEngine, type RuleEvaluation } from '../engine/evaluateStage.js';
import { ValidationError } from '../errors.js';
import { deriveFacts, type UnitFacts } from '../facts/deriveFacts.js';
import { compareIds, sortValue } from '../facts/order.js';
import { shortfallOf } from './shortfall.js';
import { decideStage, type RuleDecision } from '../quotas/decideStage.js';
import { checkDataset } from '../schema/checkDataset.js';
import { checkRuleSet } from '../schema/checkRuleSet.js';
import type { Dataset, Unit } from '../schema/dataset.js';
import type { RuleEvent, RuleSet } from '../schema/ruleSet.js';
import { difference, formatDecimal } from '../scoring/decimal.js';
import { scoreUnits, type UnitScores } from '../scoring/score.js';
import type { AppraisalResult, RuleTrace, StageTrace, SurveyOutcome, UnitOutcome } from './types.js';

/** Options for {@link appraise}. */
export interface AppraiseOptions {
  /** Called as units are evaluated, stage by stage, at most about a hundred times per stage. */
  readonly onProgress?: (progress: { readonly stage: string; readonly done: number; readonly total: number }) => void;
}

/**
 * Appraises a dataset under a rule set: scores every unit exactly, derives the facts rules read, runs
 * the stages in order on json-rules-engine, applies quotas, and returns every unit's outcome with its
 * explanation.
 *
 * @param ruleSet - a rule set from {@link parseRuleSet}
 * @param dataset - a dataset from {@link parseDataset}
 * @param options - a progress callback for long runs
 * @returns every unit of the dataset exactly once, ordered by id
 * @throws {@link ValidationError} when the rule set and the dataset do not fit together
 * @example
 * ```ts
 * const ruleSet = parseRuleSet(JSON.parse(await readFile('rules/2014.json', 'utf8')));
 * const dataset = parseDataset(JSON.parse(await readFile('dataset.json', 'utf8')), ruleSet);
 * const result = await appraise(ruleSet, dataset);
 * for (const unit of result.units) console.log(unit.name, unit.status, unit.grade, unit.composite);
 * ```
 */
export async function appraise(ruleSet: RuleSet, dataset: Dataset, options: AppraiseOptions = {}): Promise<AppraisalResult> {
  const issues = [...checkRuleSet(ruleSet), ...checkDataset(ruleSet, dataset)];
  if (issues.some((issue) => issue.severity === 'error')) throw new ValidationError(issues);

  const scores = scoreUnits(ruleSet, dataset);
  const facts = deriveFacts(ruleSet, dataset, scores);
  const units = [...dataset.units].sort((a, b) => compareIds(a.id, b.id));
  const traces = new Map<string, StageTrace[]>(units.map((unit) => [unit.id, []]));
  const reasons = new Map<string, string>();

  for (const stage of ruleSet.stages) {
    const engine = createStageEngine(stage);
    const inStage = units.filter((unit) => !stage.appliesTo || stage.appliesTo.includes(_facts(facts, unit.id).status));
    const candidates: { id: string; facts: UnitFacts; evaluations: Map<string, RuleEvaluation> }[] = [];
    const step = Math.max(1, Math.ceil(inStage.length / 100));
    for (const [index, unit] of inStage.entries()) {
      const unitFacts = _facts(facts, unit.id);
      candidates.push({ id: unit.id, facts: unitFacts, evaluations: await engine.evaluate(unitFacts) });
      if (options.onProgress && ((index + 1) % step === 0 || index + 1 === inStage.length)) {
        options.onProgress({ stage: stage.id, done: index + 1, total: inStage.length });
      }
    }
    const decisions = decideStage(stage, candidates, ruleSet.ranking.orderBy);
    for (const unit of units) {
      const decision = decisions.get(unit.id);
      const base = { stage: stage.id, label: stage.label, mode: stage.mode };
      if (!decision) {
        traces.get(unit.id)?.push({ ...base, skipped: true, applied: [], missed: [] });
        continue;
      }
      const unitFacts = _facts(facts, unit.id);
      for (const applied of decision.applied) {
        _applyEvent(unitFacts, applied.rule.event, ruleSet);
        if (applied.rule.event.type === 'status' || applied.rule.event.type === 'grade') reasons.set(unit.id, applied.rule.reason);
      }
      traces.get(unit.id)?.push({ ...base, skipped: false, applied: decision.applied.map(_ruleTrace), missed: decision.missed.map(_ruleTrace) });
    }
  }

  return {
    ruleSet: { id: ruleSet.id, year: ruleSet.year, title: ruleSet.title },
    units: units.map((unit) =>
      _outcome(ruleSet, unit, _facts(facts, unit.id), scores.get(unit.id), traces.get(unit.id) ?? [], reasons.get(unit.id)),
    ),
    surveys: dataset.surveys.map((survey): SurveyOutcome => ({
      id: survey.id,
      label: survey.label,
      value: survey.value,
      prior: survey.prior ?? null,
      change: survey.prior === undefined ? null : difference(survey.value, survey.prior),
      unit: survey.unit ?? null,
      note: survey.note ?? null,
    })),
  };
}

function _facts(facts: ReadonlyMap<string, UnitFacts>, id: string): UnitFacts {
  const unitFacts = facts.get(id);
  if (!unitFacts) throw new Error(`internal: no facts for unit ${id}`);
  return unitFacts;
}

/** Applies a rule's outcome to a unit's facts, so later stages see it. Lists keep the rule set's order. */
function _applyEvent(facts: UnitFacts, event: RuleEvent, ruleSet: RuleSet): void {
  const ordered = (list: string[], id: string, declared: readonly { id: string }[]) =>
    list.includes(id) ? list : declared.map((entry) => entry.id).filter((entry) => entry === id || list.includes(entry));
  switch (event.type) {
    case 'status':
      facts.status = event.params.status;
      if (event.params.status !== 'graded') facts.grade = null;
      break;
    case 'grade':
      facts.grade = event.params.grade;
      break;
    case 'mention':
      facts.mentions = ordered(facts.mentions, event.params.mention, ruleSet.mentions);
      break;
    case 'flag':
      facts.flags = ordered(facts.flags, event.params.flag, ruleSet.flags);
      break;
  }
}

function _ruleTrace(decision: RuleDecision): RuleTrace {
  const event = decision.rule.event;
  const value = event.type === 'status' ? event.params.status : event.type === 'grade' ? event.params.grade : event.type === 'mention' ? event.params.mention : event.params.flag;
  return {
    rule: decision.rule.id,
    reason: decision.rule.reason,
    event: { type: event.type, value },
    outcome: decision.outcome,
    conditions: decision.conditions,
    ...(decision.quota ? { quota: decision.quota } : {}),
  };
}

function _outcome(
  ruleSet: RuleSet,
  unit: Unit,
  facts: UnitFacts,
  scores: UnitScores | undefined,
  stages: StageTrace[],
  reason: string | undefined,
): UnitOutcome {
  const decimals = ruleSet.precision.decimals;
  return {
    id: unit.id,
    name: unit.name,
    category: unit.category,
    trackGroup: facts.trackGroup,
    status: facts.status,
    grade: facts.status === 'graded' ? facts.grade : null,
    mentions: facts.mentions,
    flags: facts.flags,
    reason: reason ?? (facts.status === 'graded' ? 'no rule gave this unit a grade' : ''),
    composite: facts.composite,
    rank: facts.rank,
    groupSize: facts.groupSize,
    percentile: facts.percentile,
    indicators: ruleSet.indicators.map((indicator) => {
      const entry = facts.indicators[indicator.id];
      return {
        id: indicator.id,
        label: indicator.label,
        score: entry?.score ?? null,
        points: indicator.points,
        counts: indicator.counts,
        rank: entry?.rank ?? null,
        bySubject: (scores?.indicators.get(indicator.id)?.bySubject ?? []).map((part) => ({
          subject: part.subject,
          score: formatDecimal(part.score, decimals),
        })),
      };
    }),
    bonus: facts.bonus,
    deduction: facts.deduction,
    adjustments: (scores?.adjustments ?? []).map((adjustment) => ({
      item: adjustment.item,
      points: formatDecimal(adjustment.raw, decimals),
      applied: formatDecimal(adjustment.applied, decimals),
      reasons: adjustment.entries.map((entry) => entry.reason),
    })),
    prior: facts.priorComposite === null && facts.priorGrade === null ? null : { composite: facts.priorComposite, grade: facts.priorGrade },
    change: facts.change,
    dataFlags: facts.dataFlags,
    counterpart: unit.counterpart ?? null,
    staff: unit.staff ?? null,
    stages,
    shortfall: facts.status === 'graded' ? shortfallOf(ruleSet, facts.grade, stages, (by) => sortValue(facts, by)) : null,
  };
}
