import { compileStage, type CompiledRule, type FactsSource, type ScoreNumbers } from '../engine/compile.js';
import { createStageEngine, type ConditionTrace } from '../engine/evaluateStage.js';
import { ValidationError } from '../errors.js';
import { deriveFacts, FIRST_VIEW, listedInIdOrder, placesInIdOrder, readsIndicatorRanks, type FactsTable, type FactsView, type UnitFacts } from '../facts/deriveFacts.js';
import { codesUpTo, type Codes } from '../facts/codes.js';
import { compareIds, firstAtLeast, sortValue } from '../facts/order.js';
import { decideStageCoded, DecisionScratch, type CodedDecisions, type RuleDecision, type StageDecision } from '../quotas/decideStage.js';
import type { _ScoresRead } from '../schema/checkDataset.js';
import { _asParsed, _parsedCopy, validateDataset } from '../schema/parse.js';
import { _checkedBefore } from '../schema/checked.js';
import { checkRuleSet } from '../schema/checkRuleSet.js';
import type { Dataset, Unit } from '../schema/dataset.js';
import type { Status } from '../schema/primitives.js';
import type { Indicator, Rule, RuleEvent, RuleSet, SortKey, Stage } from '../schema/ruleSet.js';
import type { Condition } from '../schema/conditions.js';
import { difference } from '../scoring/decimal.js';
import { scoreUnits, type AdjustmentTotal, type PopulationScores, type SubjectScore } from '../scoring/score.js';
import { shortfallOf, type FullConditions, type Shortfall } from './shortfall.js';
import type { Appraisal, AppraisalResult, IndicatorOutcome, RuleTrace, StageTrace, SurveyOutcome, UnitOutcome, UnitRow } from './types.js';

/** How far {@link appraise} has come: see {@link AppraiseOptions.onProgress}. */
export interface AppraiseProgress {
  readonly phase: 'scoring' | 'ranking' | 'evaluating';
  /** The stage's id while its rules are evaluated; else the phase */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
}

/** Options for {@link appraise}. */
export interface AppraiseOptions {
  /**
   * Called as the work goes on, for a progress display: as units are scored (`phase` and `stage` are
   * `scoring`), as they are ranked, category by category (`ranking`), and as each stage's rules are evaluated
   * (`phase` is `evaluating`, `stage` the stage's id), at most about a hundred times per stage. `done` counts
   * units out of `total`, and reaches it at the end of each (a stage no unit comes to reports nothing).
   * Given it, the appraisal gives the rest of the program a turn (a message's task) before it begins and before
   * each stage, so that a page can show the progress; within a stage it works on. A page that must stay responsive
   * throughout appraises a large population in a Worker.
   */
  readonly onProgress?: ((progress: AppraiseProgress) => void) | undefined;
  /**
   * How rules are evaluated. `compiled` (the default) compiles each rule's conditions once into closures over
   * json-rules-engine's own operators and evaluates the whole population synchronously; `reference` runs
   * json-rules-engine's `Engine` unit by unit, as its README shows. Both give identical results and
   * explanations; a differential test holds them to it.
   */
  readonly evaluation?: 'compiled' | 'reference' | undefined;
}

/** What earlier stages had decided when a stage looked at a unit. */
type _View = FactsView;

/**
 * Appraises a dataset under a rule set: scores every unit exactly, derives the facts rules read, runs
 * the stages in order, applies quotas, and returns every unit's outcome with its explanation. The
 * explanation of a unit (`stages`, `shortfall`) is built when it is first read, so results that are
 * only counted or listed do not pay for it. The dataset is parsed and checked as {@link parseDataset} does it
 * first (defaults filled in, the same problems found), unless {@link parseDataset} or `loadDataset` gave it
 * (frozen) for this same rule set object, unchanged since.
 *
 * @param ruleSet - a rule set from {@link parseRuleSet}; one as written is parsed as parseRuleSet parses it
 * @param dataset - a dataset from {@link parseDataset}
 * @param options - a progress callback for long runs; the evaluation path
 * @returns every unit of the dataset exactly once, ordered by id
 * @throws {@link ValidationError} when the rule set and the dataset do not fit together
 * @throws TypeError for an option it does not take
 * @example
 * ```ts
 * const ruleSet = parseRuleSet(JSON.parse(await readFile('rules/2014.json', 'utf8')));
 * const dataset = parseDataset(JSON.parse(await readFile('dataset.json', 'utf8')), ruleSet);
 * const result = await appraise(ruleSet, dataset);
 * for (const unit of result.units) console.log(unit.name, unit.status, unit.grade, unit.composite);
 * ```
 */
export async function appraise(ruleSet: RuleSet, dataset: Dataset, options: AppraiseOptions = {}): Promise<AppraisalResult> {
  return (await appraiseOnDemand(ruleSet, dataset, options)).result();
}

/**
 * Appraises a dataset as {@link appraise} does, checks and all, but makes no outcome until one is asked for: for
 * a large population, written out or summed up unit by unit. The appraisal gives each unit's outcome by its place
 * in id order (`outcome`, or iterating it), its plain fields without the outcome (`row`), or the whole result
 * (`result`); {@link jsonChunks} and {@link csvChunks} write it as they write the result, an outcome at a time.
 * What it keeps is what outcomes are made from: each unit's facts, and its scores as the scoring left them.
 *
 * @param ruleSet - a rule set from {@link parseRuleSet}
 * @param dataset - a dataset from {@link parseDataset}
 * @param options - as for {@link appraise}
 * @returns the appraisal
 * @throws {@link ValidationError} when the rule set and the dataset do not fit together
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { Readable } from 'node:stream';
 * import { pipeline } from 'node:stream/promises';
 * const appraisal = await appraiseOnDemand(ruleSet, dataset);
 * let excellent = 0;
 * for (let i = 0; i < appraisal.size; i++) if (appraisal.row(i).grade === 'overall-excellent') excellent++;
 * await pipeline(Readable.from(csvChunks(appraisal, ruleSet)), createWriteStream('results.csv'));
 * ```
 */
export async function appraiseOnDemand(ruleSet: RuleSet, dataset: Dataset, options: AppraiseOptions = {}): Promise<Appraisal> {
  // a copy of the rule set (a small document): what the result builds on first read (indicators, explanations)
  // then comes from the rules it was appraised under, whatever is done to the rule set afterwards
  // a dataset parseDataset or loadDataset gave, checked against this very rule set and frozen since, is not checked
  // again
  const known = _checkedBefore(dataset, ruleSet);
  const read = known?.read;
  // what the check read is kept for the next appraisal of the dataset: the scoring copies the texts before it
  // writes one (see scoreUnits)
  const pass = known === undefined ? true : read === undefined ? false : read;
  _checkOptions(options);
  // a rule set not given by parseRuleSet (JSON as written, its defaults not filled in) is parsed as parseRuleSet
  // parses it, and copied: nothing of the caller's may be shared with what the result builds on
  const parsed = _asParsed(ruleSet);
  if (!parsed.ok) throw new ValidationError(parsed.issues);
  return _evaluate(structuredClone(parsed.value), dataset, options, pass);
}

/**
 * Refuses options that are not {@link AppraiseOptions}: a misspelt evaluation path would run the default one.
 *
 * @throws TypeError naming the option, what it was and what it may be
 */
function _checkOptions(options: AppraiseOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError(`options: expected an object, found ${_shown(options)}`);
  const { evaluation, onProgress } = options;
  if (evaluation !== undefined && evaluation !== 'compiled' && evaluation !== 'reference') {
    throw new TypeError(`options.evaluation: expected "compiled" or "reference", found ${_shown(evaluation)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError(`options.onProgress: expected a function, found ${_shown(onProgress)}`);
}

/**
 * {@link appraise} for a dataset that was checked against this rule set a moment ago and has not been changed
 * since, as the command's is (it loads the two and hands them straight over): the dataset is not checked again,
 * which for a large one is a tenth of the time.
 *
 * @param ruleSet - a rule set from {@link parseRuleSet} or `loadRuleSet`
 * @param dataset - a dataset from `loadDataset` or {@link parseDataset} with that rule set, unchanged since
 * @param options - as for {@link appraise}
 * @returns what {@link appraise} returns
 */
export async function _appraiseChecked(ruleSet: RuleSet, dataset: Dataset, options: AppraiseOptions = {}): Promise<AppraisalResult> {
  return (await _evaluate(structuredClone(ruleSet), dataset, options, _readBefore(dataset, ruleSet))).result();
}

/**
 * {@link _appraiseChecked} for writing the result once, unit by unit: each outcome is made when it is asked for
 * and not kept, so a large population's outcomes (some hundreds of bytes each) are never all in memory at
 * once, only what they are made from. The outcomes are those {@link appraise} gives, property for property.
 *
 * @param ruleSet - as for {@link _appraiseChecked}
 * @param dataset - as for {@link _appraiseChecked}
 * @param options - as for {@link appraise}
 * @returns the appraisal, whose outcomes are made on demand
 */
export async function _appraiseForWriting(ruleSet: RuleSet, dataset: Dataset, options: AppraiseOptions = {}): Promise<_Appraisal> {
  return _evaluate(structuredClone(ruleSet), dataset, options, _readBefore(dataset, ruleSet));
}

/** For a dataset known to be checked: the scores its remembered check read, for the scoring, or none (false). */
function _readBefore(dataset: Dataset, ruleSet: RuleSet): _ScoresRead | false {
  return _checkedBefore(dataset, ruleSet)?.read ?? false;
}

/**
 * Appraises, all but making the outcomes.
 *
 * @param check - whether to check the dataset (true), or, for one checked already, the scores its check read, kept
 *   for later appraisals of the dataset too (false when it gave none)
 */
async function _evaluate(ruleSet: RuleSet, dataset: Dataset, options: AppraiseOptions, check: boolean | _ScoresRead): Promise<_Appraisal> {
  // the program's turn comes before the check, not between it and the scoring, which scores what was checked
  if (options.onProgress) await _turn();
  // a dataset parseDataset did not give under this rule set is parsed now, as parseDataset parses it: the schema
  // (a unit without dataFlags, a table left out, a key unknown), then every cross-reference. The check reads each
  // score row: the scoring scores what it read, without looking for the rows again
  const validated = check === true ? validateDataset(dataset, _parsedCopy(ruleSet)) : undefined;
  const issues = [...checkRuleSet(ruleSet), ...(validated?.issues ?? [])];
  if (issues.some((issue) => issue.severity === 'error') || (validated !== undefined && !validated.ok)) throw new ValidationError(issues);
  if (validated?.ok === true) dataset = validated.value;
  const checked = validated === undefined ? undefined : _checkedBefore(dataset, ruleSet);

  const { onProgress } = options;
  const read = typeof check === 'object' ? check : checked?.read;
  const reference = options.evaluation === 'reference';
  // scores read by an earlier check are shared with later appraisals of the dataset
  const { units, table: unitTable, rankIndicators, scoreAt, numbers, bySubject, adjustments } = _scoreAndRank(ruleSet, dataset, onProgress, read, typeof check === 'object', !reference);
  // in id order, as the units are: the same result whatever the order of the table's rows
  const surveys = [...dataset.surveys].sort((a, b) => compareIds(a.id, b.id)).map((survey): SurveyOutcome => ({
    id: survey.id,
    label: survey.label,
    value: survey.value,
    prior: survey.prior ?? null,
    change: survey.prior === undefined ? null : difference(survey.value, survey.prior),
    unit: survey.unit ?? null,
    note: survey.note ?? null,
  }));
  // json-rules-engine reads the units' facts whole; compiled rules and quotas read indicator scores without them
  if (reference) rankIndicators();
  const indicatorScores = { indicators: ruleSet.indicators, scoreAt };
  const indicatorIndex = new Map(ruleSet.indicators.map((indicator, k) => [`indicators.${indicator.id}`, k]));
  const valueAt = (i: number, by: string): string | null => {
    if (!by.startsWith('indicators.')) return unitTable.sortValueAt(i, by);
    const k = indicatorIndex.get(by);
    return k === undefined ? null : scoreAt(i, k);
  };
  // what earlier stages had decided about each unit: a snapshot replaced (not changed) when a rule applies, and
  // named by its code (units decided alike share one), so a stage's views below are numbers, not copies
  const decided = new _Views();
  const lists = new _Lists(ruleSet);
  const states = new Uint32Array(unitTable.length).fill(decided.codeOf(FIRST_VIEW));
  // units' facts as rules read them: the table's, with what earlier stages decided
  const facts = _factsSource(unitTable, states, decided);
  // per stage: what each unit looked like to it (the code of its view; 0 when the stage did not apply), and its
  // decision
  const views: Codes[] = [];
  const decisions: _Decisions[] = [];
  // the reference path keeps json-rules-engine's own traces; the compiled path rebuilds them on demand
  const referenceTraces: Map<string, Map<string, ConditionTrace>>[] = [];
  const compiled: CompiledRule[][] = [];
  // per unit, the reason of the rule that last gave it a status or grade
  const reasons = new _Reasons(unitTable.length, ruleSet.stages.reduce((count, stage) => count + stage.rules.length, 0));

  // units alike in category and track group, told apart by a number, for rules that read nothing else of a unit
  const kinds = new _Kinds(units);
  // lists the stages' decisions work in, made once for all of them
  const scratch = new DecisionScratch();
  for (const stage of ruleSet.stages) {
    // where progress is shown, the program it is shown in gets a turn between the stages (a page its repaint)
    if (onProgress) await _turn();
    // whether the stage applies to a view, worked out once per view
    const applies: (boolean | undefined)[] = [];
    const stageViews = codesUpTo(states.length, decided.size);
    let count = 0;
    for (let i = 0; i < states.length; i++) {
      const code = states[i] as number;
      if ((applies[code] ??= !stage.appliesTo || stage.appliesTo.includes(decided.at(code).status))) {
        stageViews[i] = code;
        count++;
      }
    }
    views.push(stageViews);
    // the places of the units the stage applies to, in id order (in a list made once for all stages: a stage
    // whose decisions read it later keeps a copy)
    const inStage = scratch.ints(DecisionScratch.STAGE_UNITS, count);
    for (let i = 0, j = 0; i < stageViews.length; i++) if (stageViews[i] !== 0) inStage[j++] = i;
    const step = Math.max(1, Math.ceil(inStage.length / 100));
    const report = (done: number) => {
      if (onProgress && (done % step === 0 || done === inStage.length)) onProgress({ phase: 'evaluating', stage: stage.id, done, total: inStage.length });
    };
    // per unit of the stage, whether each rule's conditions hold for it: on the reference path a list per unit; on
    // the compiled path the different lists, and each unit's among them
    const held = reference ? new Array<readonly boolean[]>(inStage.length) : undefined;
    let patterns: _Patterns | undefined;
    if (held) {
      const engine = createStageEngine(stage);
      const traces = new Map<string, Map<string, ConditionTrace>>();
      for (let j = 0; j < inStage.length; j++) {
        const i = inStage[j] as number;
        const unit = units[i] as Unit;
        const evaluations = await engine.evaluate(facts.at(i));
        traces.set(unit.id, new Map([...evaluations].map(([rule, evaluation]) => [rule, evaluation.conditions])));
        held[j] = stage.rules.map((rule) => evaluations.get(rule.id)?.holds === true);
        report(j + 1);
      }
      referenceTraces.push(traces);
      compiled.push([]);
    } else {
      const rules = compileStage(stage, indicatorScores);
      compiled.push(rules);
      referenceTraces.push(new Map());
      patterns = _holdPatterns(rules, inStage, facts, numbers, states, decided.size, kinds, report);
    }
    const found = patterns;
    const byPattern = found !== undefined && !stage.rules.some((rule) => rule.quota !== undefined);
    const coded: Omit<CodedDecisions, 'decisionOf'> & Partial<Pick<CodedDecisions, 'decisionOf'>> =
      byPattern
        ? _decideByPattern(stage, found, inStage, units, facts, ruleSet.ranking.orderBy, scratch)
        : decideStageCoded(
            stage,
            {
              // the stage's units by their place in inStage, with no object made per unit
              length: inStage.length,
              // units are in id order, and so are the places in inStage
              inIdOrder: true,
              idAt: (j) => (units[inStage[j] as number] as Unit).id,
              factsAt: (j) => facts.at(inStage[j] as number),
              categoryAt: (j) => (units[inStage[j] as number] as Unit).category,
              rankAt: (j) => unitTable.rankAt(inStage[j] as number),
              // json-rules-engine's path reads the facts whole, as the differential test holds the compiled path to
              ...(reference ? {} : { valueAt: (j: number, by: string) => valueAt(inStage[j] as number, by) }),
              heldAt: found ? (j) => found.distinct[found.of[j] as number] as readonly boolean[] : (j) => (held as (readonly boolean[])[])[j] as readonly boolean[],
            },
            ruleSet.ranking.orderBy,
            scratch,
          );
    // each unit's decision by its place: its place in the table plus one, 0 where the stage did not apply; a
    // decision by pattern is the table's own, read by the unit's code without the stage's places
    const { table, codes, decisionOf } = coded;
    const byUnit = codesUpTo(units.length, table.length);
    decisions.push({ table, byUnit, decisionOf: decisionOf === undefined ? _byUnitCode(table, byUnit) : _byUnitPlace(decisionOf, inStage.slice()) });
    // what a view becomes under a decision, worked out once for each pair met: units decided alike from the same
    // view end alike
    const after = new Map<number, _After>();
    for (let j = 0; j < inStage.length; j++) {
      const i = inStage[j] as number;
      const code = codes[j] as number;
      byUnit[i] = code + 1;
      const decision = table[code] as StageDecision;
      if (decision.applied.length === 0) continue;
      const state = states[i] as number;
      const key = state * table.length + code;
      let next = after.get(key);
      if (next === undefined) after.set(key, (next = _afterDecision(decided, state, decision, lists, reasons)));
      states[i] = next.code;
      if (next.reason !== 0) reasons.give(i, next.reason);
    }
  }

  // what the stages decided about each unit, in the end
  const final = new _Final(unitTable, states, decided);
  const explainer = new _Explainer(ruleSet, final, rankIndicators, scoreAt, bySubject, decided, views, decisions, reference ? referenceTraces : null, compiled);
  return new _Appraisal({ id: ruleSet.id, year: ruleSet.year, title: ruleSet.title }, surveys, final, adjustments, reasons, explainer);
}

/**
 * Scores every unit and derives its facts, ranks among them: the units and their facts in id order (the order of
 * the result), and of the scores only what outcomes and explanations read later (the indicator scores, where the
 * units' indicator facts are left for later, until they are made) and, with `withNumbers`, the scores' and
 * composites' numbers of hundredths, which the compiled path's stages read and the appraisal lets go when they are
 * done. The rest of the scores is let go when this returns, before the stages run.
 */
function _scoreAndRank(ruleSet: RuleSet, dataset: Dataset, onProgress: AppraiseOptions['onProgress'], read: _ScoresRead | undefined, readShared: boolean, withNumbers: boolean) {
  const total = dataset.units.length;
  onProgress?.({ phase: 'scoring', stage: 'scoring', done: 0, total });
  const scores = scoreUnits(ruleSet, dataset, read, readShared);
  onProgress?.({ phase: 'scoring', stage: 'scoring', done: total, total });
  // indicator facts whose ranks no rule reads are made when an outcome's indicators or explanation is first read
  // units by their place in the dataset, in id order: the order of the result, and of each category's units
  const order = placesInIdOrder(dataset.units);
  onProgress?.({ phase: 'ranking', stage: 'ranking', done: 0, total });
  const onRanked = onProgress && ((done: number) => onProgress({ phase: 'ranking', stage: 'ranking', done, total }));
  const later = !readsIndicatorRanks(ruleSet);
  const derived = deriveFacts(ruleSet, dataset, scores, later ? 'later' : 'now', order, onRanked);
  const table = derived.table;
  // per unit (by its place in id order), its scores by subject, for the units that have any: the scoring's map as
  // it is where the units are listed in id order (a unit's place is then its index), else its entries moved over
  // by each place's index, not looked for at every unit
  const moved = !listedInIdOrder(order, dataset.units.length) && scores.bySubject.size > 0;
  const indexOf = moved ? new Int32Array(order.length) : undefined;
  if (indexOf) for (let i = 0; i < order.length; i++) indexOf[order[i] as number] = i;
  const byIndex = _byIndex<_BySubject>(scores.bySubject, indexOf);
  // made when an outcome asks, from the unit's entries at its place
  const adjustments: _AdjustmentsAt = { get: (index) => scores.adjustments.get(order[index] as number) };
  // scores by subject kept as columns are read from them when an explanation asks
  const partsOf = scores.partsOf;
  const bySubject: _SubjectParts = partsOf === undefined ? byIndex : { get: (index) => byIndex.get(index) ?? partsOf.get(order[index] as number) };
  return {
    units: table.units,
    table,
    ..._indicatorScores(ruleSet, table, derived.rankIndicators, later ? { scoreAt: derived.scoreAt, places: order } : undefined),
    // the compiled path's comparisons read them through the stages (json-rules-engine's reads the facts)
    numbers: withNumbers ? _numbersOf(scores, order) : undefined,
    bySubject,
    adjustments,
  };
}

/**
 * A map by the units' places in the dataset, by their indexes in id order instead.
 *
 * @param byPlace - the map by place
 * @param indexOf - each place's index in id order; none where they are the same
 */
function _byIndex<T>(byPlace: ReadonlyMap<number, T>, indexOf: Int32Array | undefined): ReadonlyMap<number, T> {
  return indexOf === undefined ? byPlace : new Map([...byPlace].map(([place, value]) => [indexOf[place] as number, value]));
}

/**
 * Units' composites and indicator scores as the numbers of hundredths the scoring had, by the units' places in
 * id order, for the stages' comparisons with constants (see ScoreNumbers in compile.ts): a score's text, whatever
 * places the rule set writes it with, has the value of its number (format only pads or drops zeros).
 *
 * @param scores - the scoring's
 * @param places - the units' places in the dataset, in id order
 */
function _numbersOf(scores: PopulationScores, places: Int32Array): ScoreNumbers {
  return { rows: places, scores: scores.hundredths, width: scores.width, composites: scores.compositeHundredths };
}

/**
 * What gives units (by their place in id order) their indicator facts, and reads their scores: from their
 * indicator facts, or, where these are left for later, from the scores until they are made (by their places in
 * the dataset), which are then let go. Made here, apart, so that it keeps only what it names, not all
 * {@link _scoreAndRank} read (see `_once` in deriveFacts).
 */
export function _indicatorScores(
  ruleSet: RuleSet,
  table: FactsTable,
  rankIndicators: () => void,
  later: { scoreAt: (place: number, k: number) => string | null; places: Int32Array } | undefined,
): { rankIndicators: () => void; scoreAt: (index: number, k: number) => string | null } {
  const ids = ruleSet.indicators.map((indicator) => indicator.id);
  const fromFacts = (index: number, k: number): string | null => table.indicators.at(index)[ids[k] as string]?.score ?? null;
  if (!later) return { rankIndicators, scoreAt: fromFacts };
  let fromScores: { scoreAt: (place: number, k: number) => string | null; places: Int32Array } | undefined = { scoreAt: later.scoreAt, places: later.places };
  return {
    rankIndicators: () => {
      rankIndicators();
      fromScores = undefined;
    },
    scoreAt: (index, k) => (fromScores === undefined ? fromFacts(index, k) : fromScores.scoreAt(fromScores.places[index] as number, k)),
  };
}

/** A unit's scores by subject, per indicator in the rule set's order (see {@link PopulationScores}). */
type _BySubject = readonly (readonly SubjectScore[] | undefined)[];

/** A unit's bonus and deduction items, by its index in id order, made each time they are asked for. */
interface _AdjustmentsAt {
  get(index: number): readonly AdjustmentTotal[] | undefined;
}

/** Units' scores by subject, by their index in id order, for those that have any. */
interface _SubjectParts {
  get(index: number): _BySubject | undefined;
}

/** The mark of an appraisal (see {@link _isAppraisal}): one symbol, whichever build made it. */
const _APPRAISAL = Symbol.for('kaoping.appraisal');

/**
 * An appraisal, all but its outcomes: everything they are made from, and a way to make each. {@link appraise}
 * makes them all, once; {@link appraiseOnDemand} gives it as it is, and the command, writing a large result,
 * makes each as it writes it and lets it go.
 */
export class _Appraisal implements Appraisal {
  /** the rule set's id, year and title, frozen: every result made from the appraisal is given a copy */
  readonly ruleSet: AppraisalResult['ruleSet'];
  /** the surveys' outcomes, frozen, as for the rule set */
  readonly surveys: readonly SurveyOutcome[];

  constructor(
    ruleSet: AppraisalResult['ruleSet'],
    surveys: readonly SurveyOutcome[],
    /** the units in id order (the order of the result), their facts, and what the stages decided about each */
    private readonly final: _Final,
    /** per unit (by index), its bonus and deduction items, for the units that have any */
    private readonly adjustments: _AdjustmentsAt,
    /** per unit (by index), the reason of the rule that last gave it a status or grade */
    private readonly reasons: _Reasons,
    private readonly explainer: _Explainer,
  ) {
    this.ruleSet = Object.freeze({ ...ruleSet });
    this.surveys = Object.freeze(surveys.map((survey) => Object.freeze({ ...survey })));
  }

  /** How many units the result holds. */
  get size(): number {
    return this.final.table.length;
  }

  /** The outcome of the unit at `index` in id order, made anew at each call. */
  outcome(index: number): UnitOutcome {
    this.#place(index);
    return _outcome(this.final, index, this.adjustments.get(index), this.explainer, this.reasons.at(index));
  }

  /** The plain fields of the outcome of the unit at `index` in id order, made without the outcome. */
  row(index: number): UnitRow {
    this.#place(index);
    return _row(this.final, index, this.reasons.at(index));
  }

  /** The outcomes in id order, each made as it is reached. */
  *[Symbol.iterator](): Iterator<UnitOutcome> {
    for (let i = 0; i < this.size; i++) yield this.outcome(i);
  }

  /** What a table of outcomes reads of the unit at `index` in id order: the fields of its outcome, without making it. */
  _tableRow(index: number): _UnitRow {
    const { table } = this.final;
    const view = this.final.viewAt(index);
    const unit = table.units[index] as Unit;
    return {
      id: unit.id,
      name: unit.name,
      category: unit.category,
      status: view.status,
      grade: _gradeOf(view),
      composite: table.composite[index] as string | null,
      rank: table.rankAt(index),
      groupSize: table.groupSize[index] as number,
      scores: this.explainer.scoresOf(index),
      bonus: table.bonus[index] as string | null,
      deduction: table.deduction[index] as string | null,
      priorComposite: table.priorComposite[index] as string | null,
      change: table.change[index] as string | null,
      mentions: view.mentions,
      flags: view.flags,
      reason: _reasonOf(view, this.reasons.at(index)),
    };
  }

  /** The result, with every outcome made. */
  result(): AppraisalResult {
    const units = new Array<UnitOutcome>(this.size);
    for (let i = 0; i < units.length; i++) units[i] = _outcome(this.final, i, this.adjustments.get(i), this.explainer, this.reasons.at(i));
    return { ruleSet: { ...this.ruleSet }, units, surveys: this.surveys.map((survey) => ({ ...survey })) };
  }

  /** What JSON.stringify writes of it: the whole result (write a large one with jsonChunks, an outcome at a time). */
  toJSON(): AppraisalResult {
    return this.result();
  }

  #place(index: number): void {
    if (Number.isInteger(index) && index >= 0 && index < this.size) return;
    const size = this.size;
    const places = size === 0 ? 'has no places' : `has places 0 to ${size - 1}`;
    const found = typeof index === 'number' ? String(index) : `${_shown(index)} (a ${typeof index}, not a number)`;
    throw new RangeError(`no unit at place ${found}: an appraisal of ${size} unit(s) ${places}`);
  }

  /** What tells an appraisal from a result, in the ES module and the CommonJS builds alike. */
  get [_APPRAISAL](): true {
    return true;
  }
}

/**
 * A value given as a place, as a message shows it: as JSON where it can be written so, else as far as it can be,
 * never throwing, and cut short past 50 characters (a function's source, a long list).
 */
function _shown(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'bigint' ? `${value}n` : typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
  } catch {
    // a cycle, a value inside that JSON cannot write, a revoked Proxy
    try {
      shown = Object.prototype.toString.call(value);
    } catch {
      shown = `a ${typeof value}`;
    }
  }
  return shown.length > 50 ? `${shown.slice(0, 47)}...` : shown;
}

/**
 * A result as a writer that reads every outcome reads it: an appraisal's result, its outcomes made, or the result
 * itself.
 *
 * @param result - a result, or an appraisal from {@link appraiseOnDemand}
 * @returns the result
 */
export function _wholeResult(result: AppraisalResult | Appraisal): AppraisalResult {
  return _isAppraisal(result) ? result.result() : (result as AppraisalResult);
}

/**
 * Whether a value is an appraisal {@link appraiseOnDemand} gave, rather than a result: by a mark of its own, not by
 * its class, so that an appraisal from one build (ES module or CommonJS) is known to the other's writers.
 */
export function _isAppraisal(value: unknown): value is _Appraisal {
  return typeof value === 'object' && value !== null && (value as { [_APPRAISAL]?: unknown })[_APPRAISAL] === true;
}

/** The units' facts, as a table, with what the stages decided about each in the end. */
class _Final {
  constructor(
    readonly table: FactsTable,
    /** per unit, the code of its view once every stage has run */
    private readonly states: Uint32Array,
    private readonly decided: _Views,
  ) {}

  /** What the stages decided about the unit. */
  viewAt(index: number): _View {
    return this.decided.at(this.states[index] as number);
  }

  /** The unit's facts whole, as the last stage left them. */
  factsAt(index: number): UnitFacts {
    return this.table.at(index, this.viewAt(index));
  }
}

/**
 * Units' facts as the stages read them, by the unit's index: the table's columns, with what earlier stages had
 * decided (each unit's view, by its code in `states`, which the stages update as they go).
 */
function _factsSource(table: FactsTable, states: Uint32Array, decided: _Views): FactsSource {
  const viewOf = (index: number): _View => decided.at(states[index] as number);
  return {
    at: (index) => table.at(index, viewOf(index)),
    reader: (fact) => {
      switch (fact) {
        case 'status':
          return (index) => viewOf(index).status;
        case 'grade':
          return (index) => viewOf(index).grade;
        case 'mentions':
          return (index) => viewOf(index).mentions;
        case 'flags':
          return (index) => viewOf(index).flags;
        default:
          return table.reader(fact);
      }
    },
  };
}

/**
 * What earlier stages decided about units, one object for each different decision, named by a code (from 1, so
 * that 0 can stand for none): a stage's views of all units are a typed array of codes and a handful of objects.
 * Lists are told apart by identity, so equal lists made apart give two views, which is only less sharing.
 */
class _Views {
  readonly #known = new Map<string, Map<string | null, Map<readonly string[], Map<readonly string[], number>>>>();
  /** the views by code; the code 0 names none */
  readonly #all: _View[] = [];

  codeOf(view: _View): number {
    const { status, grade, mentions, flags } = view;
    let byGrade = this.#known.get(status);
    if (!byGrade) this.#known.set(status, (byGrade = new Map()));
    let byMentions = byGrade.get(grade);
    if (!byMentions) byGrade.set(grade, (byMentions = new Map()));
    let byFlags = byMentions.get(mentions);
    if (!byFlags) byMentions.set(mentions, (byFlags = new Map()));
    let code = byFlags.get(flags);
    if (code === undefined) {
      this.#all.push({ status, grade, mentions, flags });
      byFlags.set(flags, (code = this.#all.length));
    }
    return code;
  }

  /** How many views there are: their codes run from 1 to this. */
  get size(): number {
    return this.#all.length;
  }

  /** The view of a code from {@link _Views.codeOf}. */
  at(code: number): _View {
    return this.#all[code - 1] as _View;
  }
}

/**
 * A stage's decisions: the different ones, and each unit's by its place (its place in the table plus one; 0 where
 * the stage did not apply), quota traces aside.
 */
interface _Decisions {
  readonly table: readonly StageDecision[];
  readonly byUnit: Codes;
  /** a unit's decision whole, with its quota traces, by its place; only for a unit the stage applied to */
  decisionOf(unitIndex: number): StageDecision;
}

/** A stage's decisions by pattern by a unit's place among all units: the table's, by the unit's code. Made apart, to hold only these two. */
function _byUnitCode(table: readonly StageDecision[], byUnit: Codes): (unitIndex: number) => StageDecision {
  return (unitIndex) => table[(byUnit[unitIndex] as number) - 1] as StageDecision;
}

/**
 * A stage's {@link CodedDecisions.decisionOf} by a unit's place among all units. Made apart from the stage's loop,
 * so that it holds only the places of the stage's units, not what the loop made for the stage.
 */
function _byUnitPlace(decisionOf: (place: number) => StageDecision, inStage: Int32Array): (unitIndex: number) => StageDecision {
  return (unitIndex) => decisionOf(_placeIn(inStage, unitIndex));
}

/** Whether each rule of a stage holds for each of its units: the different lists of results, and each unit's. */
interface _Patterns {
  readonly distinct: readonly (readonly boolean[])[];
  /** per unit of the stage (by its place in the stage), its list's place in `distinct` */
  readonly of: Codes;
}

/** The facts that do not tell apart units of one kind and view: see {@link _Kinds}. */
const _KIND_FACTS: ReadonlySet<string> = new Set(['category', 'trackGroup', 'status', 'grade', 'mentions', 'flags']);

/**
 * Units' kinds: units with the same category and track group are of one kind, numbered from 0. A rule that reads
 * nothing but these and what earlier stages decided (status, grade, mentions and flags: a unit's view) holds
 * alike for all units of one kind and view. Worked out when first asked for.
 */
class _Kinds {
  readonly #units: readonly Unit[];
  #known: { readonly of: Uint32Array; readonly count: number } | undefined;

  constructor(units: readonly Unit[]) {
    this.#units = units;
  }

  /** Each unit's kind, by its place in id order, and how many kinds there are. */
  get known(): { readonly of: Uint32Array; readonly count: number } {
    if (this.#known === undefined) {
      const kinds = new Map<string, Map<string | null, number>>();
      const of = new Uint32Array(this.#units.length);
      let count = 0;
      for (let i = 0; i < of.length; i++) {
        const { category } = this.#units[i] as Unit;
        const trackGroup = (this.#units[i] as Unit).trackGroup ?? null;
        let byGroup = kinds.get(category);
        if (!byGroup) kinds.set(category, (byGroup = new Map()));
        let kind = byGroup.get(trackGroup);
        if (kind === undefined) byGroup.set(trackGroup, (kind = count++));
        of[i] = kind;
      }
      this.#known = { of, count };
    }
    return this.#known;
  }
}

/**
 * Evaluates a stage's compiled rules for each of its units. A rule that reads nothing of a unit but its kind and
 * view (see {@link _Kinds}) is evaluated for the first unit of each kind and view, and its result taken for the
 * others: json-rules-engine's operators answer from the values they are given. Units whose rules hold alike share
 * one list of results.
 */
function _holdPatterns(
  rules: readonly CompiledRule[],
  inStage: Int32Array,
  facts: FactsSource,
  numbers: ScoreNumbers | undefined,
  states: Uint32Array,
  views: number,
  kinds: _Kinds,
  report: (done: number) => void,
): _Patterns {
  const reading = rules.map((rule) => rule.facts.every((fact) => _KIND_FACTS.has(fact)));
  const { of: kindOf, count: kindCount } = reading.includes(true) ? kinds.known : { of: undefined, count: 0 };
  // per rule so read, its result by view and kind (view × kinds + kind, views by their codes, from 1): 1 holds, 2
  // does not, 0 (or nothing) not known yet; undefined for every other rule. A table of every pair, unless the
  // tables of the stage's rules would be large beside its units (a track group per unit, say): then a list of
  // the pairs met
  const pairs = (views + 1) * kindCount;
  const tabled = pairs * reading.filter(Boolean).length <= _TABLES.bytes + 4 * inStage.length;
  const byKind = reading.map((onlyKind) => (onlyKind ? _kindAnswers(pairs, tabled) : undefined));
  const distinct: (readonly boolean[])[] = [];
  // each list's place by its results as the bits of a number (exact while there are at most 52 rules; beyond,
  // each unit keeps its own): in a table for a few rules, else in a map
  const exact = rules.length <= 52;
  const table = rules.length <= 12 ? new Int32Array(1 << rules.length).fill(-1) : undefined;
  const places = new Map<number, number>();
  // a list's place is below the number of units, and below the number of different lists the rules can give
  const of = codesUpTo(inStage.length, Math.min(inStage.length, 2 ** rules.length) - 1);
  // a unit's results one by one, where they are more than a number's bits can hold
  const results = exact ? undefined : new Array<boolean>(rules.length);
  // every other rule is evaluated for a block of units at once (see CompiledRule.column), block after block, so
  // that progress is told as the stage goes
  const columns = byKind.map((known) => (known === undefined ? new Uint8Array(inStage.length) : undefined));
  const block = Math.max(1024, Math.ceil(inStage.length / 100));
  // indexed loops over units: a loop over an iterator costs an object per step until V8 optimizes it
  for (let j = 0; j < inStage.length; j++) {
    if (j % block === 0) {
      const end = Math.min(inStage.length, j + block);
      for (let r = 0; r < rules.length; r++) {
        const column = columns[r];
        if (column !== undefined) (rules[r] as CompiledRule).column(facts, inStage.subarray(j, end), end - j, column.subarray(j, end), numbers);
      }
    }
    const i = inStage[j] as number;
    const key = kindOf === undefined ? 0 : (states[i] as number) * kindCount + (kindOf[i] as number);
    let bits = 0;
    for (let r = 0; r < rules.length; r++) {
      const known = byKind[r];
      let holds: boolean;
      if (known === undefined) holds = (columns[r] as Uint8Array)[j] === 1;
      else {
        const answer = known[key] ?? 0;
        if (answer !== 0) holds = answer === 1;
        else known[key] = (holds = (rules[r] as CompiledRule).holds(facts.at(i), i)) ? 1 : 2;
      }
      if (results !== undefined) results[r] = holds;
      bits = bits * 2 + (holds ? 1 : 0);
    }
    let place = table !== undefined ? (table[bits] as number) : exact ? (places.get(bits) ?? -1) : -1;
    if (place === -1) {
      place = distinct.length;
      distinct.push(results !== undefined ? results.slice() : _fromBits(bits, rules.length));
      if (table !== undefined) table[bits] = place;
      else if (exact) places.set(bits, place);
    }
    of[j] = place;
    report(j + 1);
  }
  return { distinct, of };
}

/**
 * How many bytes a stage's tables of results by view and kind may take beyond four per unit of the stage; tests
 * lower it to reach the lists kept beyond.
 */
export const _TABLES = { bytes: 1 << 16 };

/**
 * Where a rule's results by pair of view and kind are kept (1 holds, 2 does not, 0 or nothing not known yet): a
 * table of a byte per pair, or a list holding only the pairs met.
 *
 * @param pairs - how many pairs there are
 * @param tabled - whether to keep a table
 * @returns the table or the list
 */
export function _kindAnswers(pairs: number, tabled: boolean): Uint8Array | number[] {
  return tabled ? new Uint8Array(pairs) : [];
}

/** Whether each of `count` rules holds, from the bits of a number, the first rule's the highest. */
function _fromBits(bits: number, count: number): boolean[] {
  const results = new Array<boolean>(count);
  for (let r = count - 1; r >= 0; r--) {
    results[r] = bits % 2 === 1;
    bits = Math.floor(bits / 2);
  }
  return results;
}

/**
 * A stage's decisions where no rule has a quota: a unit's decision then follows from which rules hold for it
 * alone, and is worked out once for each different list of results, as for the first unit that has it. Each is
 * the table's own, with no quota's trace: a unit's is found in the table by its code.
 */
function _decideByPattern(stage: Stage, patterns: _Patterns, inStage: Int32Array, units: readonly Unit[], facts: FactsSource, rankingOrder: readonly SortKey[], scratch: DecisionScratch): Omit<CodedDecisions, 'decisionOf'> {
  const first = new Int32Array(patterns.distinct.length).fill(-1);
  for (let j = 0; j < patterns.of.length; j++) if (first[patterns.of[j] as number] === -1) first[patterns.of[j] as number] = j;
  const coded = decideStageCoded(
    stage,
    {
      length: patterns.distinct.length,
      // each list's first unit: in the order of the units, and so of their ids
      inIdOrder: true,
      idAt: (p) => (units[inStage[first[p] as number] as number] as Unit).id,
      factsAt: (p) => facts.at(inStage[first[p] as number] as number),
      heldAt: (p) => patterns.distinct[p] as readonly boolean[],
    },
    rankingOrder,
    scratch,
  );
  const codes = codesUpTo(patterns.of.length, coded.table.length - 1);
  for (let j = 0; j < codes.length; j++) codes[j] = coded.codes[patterns.of[j] as number] as number;
  return { table: coded.table, codes };
}

/** Where a unit's place is in a stage's ascending list of the places of its units (it must be there). */
function _placeIn(inStage: Int32Array, unitIndex: number): number {
  const at = firstAtLeast(inStage, unitIndex);
  if (inStage[at] !== unitIndex) throw new Error(`internal: unit ${unitIndex} is not among the stage's units`);
  return at;
}

/** What a view becomes under a decision: the view and its code, and the reason of the last rule that gave a status or grade (if one did). */
interface _After {
  readonly view: _View;
  readonly code: number;
  /** the reason's number in the appraisal's reasons, 0 for none */
  readonly reason: number;
}

/**
 * Per unit, the reason of the rule that last gave it a status or grade: a number per unit, 0 for none, else the
 * reason's place among the reasons met, plus one. A rule's reason is its own, so there are no more of them than
 * rules, and a unit's number takes a byte or two where a list of texts took eight.
 */
class _Reasons {
  readonly #codes: Codes;
  readonly #texts: (string | undefined)[] = [undefined];
  readonly #numbers = new Map<string, number>();

  constructor(units: number, rules: number) {
    this.#codes = codesUpTo(units, rules);
  }

  /** The number of a reason, given one the first time it is met. */
  numberOf(reason: string): number {
    let number = this.#numbers.get(reason);
    if (number === undefined) this.#numbers.set(reason, (number = this.#texts.push(reason) - 1));
    return number;
  }

  /** Gives a unit the reason by its number. */
  give(index: number, number: number): void {
    this.#codes[index] = number;
  }

  /** The unit's reason, if any. */
  at(index: number): string | undefined {
    return this.#texts[this.#codes[index] as number];
  }
}

/** Applies a decision's rules, in order, to a view (by its code), as they would be applied to a unit's facts. */
function _afterDecision(decided: _Views, state: number, decision: StageDecision, lists: _Lists, reasons: _Reasons): _After {
  const facts: _Changing = { ...decided.at(state) };
  let reason: string | undefined;
  for (const applied of decision.applied) {
    _applyEvent(facts, applied.rule.event, lists);
    if (applied.rule.event.type === 'status' || applied.rule.event.type === 'grade') reason = applied.rule.reason;
  }
  const code = decided.codeOf(facts);
  return { view: decided.at(code), code, reason: reason === undefined ? 0 : reasons.numberOf(reason) };
}

/** What the stages change of a unit's facts, as a rule's outcome is applied to a copy of its view. */
type _Changing = { -readonly [K in keyof _View]: _View[K] };

/** Applies a rule's outcome to a unit's facts, so later stages see it. Lists keep the rule set's order. */
function _applyEvent(facts: _Changing, event: RuleEvent, lists: _Lists): void {
  switch (event.type) {
    case 'status':
      facts.status = event.params.status;
      if (event.params.status !== 'graded') facts.grade = null;
      break;
    case 'grade':
      facts.grade = event.params.grade;
      break;
    case 'mention':
      facts.mentions = lists.with(facts.mentions, event.params.mention, 'mentions');
      break;
    case 'flag':
      facts.flags = lists.with(facts.flags, event.params.flag, 'flags');
      break;
  }
}

/**
 * Lists of mentions and flags in the rule set's order, one of each: adding an entry to a list gives the same
 * list object for every unit (units decided alike then share their lists, and their views).
 */
class _Lists {
  readonly #declared: { readonly mentions: readonly string[]; readonly flags: readonly string[] };
  readonly #known = new Map<readonly string[], Map<string, readonly string[]>>();

  constructor(ruleSet: RuleSet) {
    this.#declared = { mentions: ruleSet.mentions.map((entry) => entry.id), flags: ruleSet.flags.map((entry) => entry.id) };
  }

  /** The list with `id` added in its declared place (the list itself when it has it already). */
  with(list: readonly string[], id: string, kind: 'mentions' | 'flags'): readonly string[] {
    if (list.includes(id)) return list;
    let added = this.#known.get(list);
    if (!added) this.#known.set(list, (added = new Map()));
    let result = added.get(id);
    // frozen, as units decided alike share it: a change to one unit's list must not become another's
    if (!result) added.set(id, (result = Object.freeze(this.#declared[kind].filter((entry) => entry === id || list.includes(entry)))));
    return result;
  }
}

/** Builds a unit's indicators and explanation on demand, from its facts and what the stages recorded. */
class _Explainer {
  constructor(
    private readonly ruleSet: RuleSet,
    /** the units' facts, and what the stages decided about each in the end */
    private readonly final: _Final,
    /** gives the units' facts their indicator facts, if they were left for later; nothing once done */
    private readonly rankIndicators: () => void,
    /** a unit's score (by index) on the indicator at k, read without its indicator facts */
    private readonly scoreAt: (unitIndex: number, k: number) => string | null,
    /** per unit (by index), its scores by subject, for the units that have any */
    private readonly bySubject: _SubjectParts,
    /** the views the codes below name */
    private readonly decided: _Views,
    /** per stage, the code of each unit's view as the stage saw it (0 where it did not apply) */
    private readonly views: readonly Codes[],
    private readonly decisions: readonly _Decisions[],
    /** json-rules-engine's own traces on the reference path; null on the compiled path, which rebuilds them */
    private readonly referenceTraces: readonly ReadonlyMap<string, ReadonlyMap<string, ConditionTrace>>[] | null,
    private readonly compiled: readonly (readonly CompiledRule[])[],
  ) {}

  /** The unit's result on each indicator, in the rule set's order. */
  indicatorsOf(unitIndex: number): IndicatorOutcome[] {
    const facts = this.#factsAt(unitIndex);
    const bySubject = this.bySubject.get(unitIndex);
    return this.ruleSet.indicators.map((indicator, i) => {
      const entry = facts.indicators[indicator.id];
      return {
        id: indicator.id,
        label: indicator.label,
        score: entry?.score ?? null,
        points: indicator.points,
        counts: indicator.counts,
        rank: entry?.rank ?? null,
        bySubject: bySubject?.[i] ?? _NONE,
      };
    });
  }

  /** The unit's score on each indicator, in the rule set's order: what its indicators say, without them. */
  scoresOf(unitIndex: number): (string | null)[] {
    const scores = new Array<string | null>(this.ruleSet.indicators.length);
    for (let k = 0; k < scores.length; k++) scores[k] = this.scoreAt(unitIndex, k);
    return scores;
  }

  /** The unit's trace through every stage: skipped, or the rules that applied and those that did not, and why. */
  stagesOf(unitIndex: number, unitId: string): StageTrace[] {
    const facts = this.#factsAt(unitIndex);
    return this.ruleSet.stages.map((stage, s) => {
      const base = { stage: stage.id, label: stage.label, mode: stage.mode };
      const stageDecisions = this.decisions[s];
      const code = stageDecisions?.byUnit[unitIndex] ?? 0;
      const decision = code === 0 ? undefined : stageDecisions?.decisionOf(unitIndex);
      if (!decision) return { ...base, skipped: true, applied: [], missed: [] };
      const trace = (entry: RuleDecision) => _ruleTrace(entry, this.#conditionsOf(facts, unitIndex, unitId, s, entry.rule.id));
      return { ...base, skipped: false, applied: decision.applied.map(trace), missed: decision.missed.map(trace) };
    });
  }

  /** What the unit lacked for the next better grade, or null (the best grade, or not graded). */
  shortfallOf(unitIndex: number, stages: readonly StageTrace[]): Shortfall | null {
    const facts = this.#factsAt(unitIndex);
    if (facts.status !== 'graded') return null;
    return shortfallOf(this.ruleSet, facts.grade, stages, (by) => sortValue(facts, by), (stage, rule) => this.#fullConditions(facts, unitIndex, stage, rule));
  }

  /** Per stage, its rules compiled with every condition evaluated, whatever its priority (see {@link FullConditions}). */
  readonly #full: CompiledRule[][] = [];

  /** A rule's conditions evaluated in full for a unit, as the stage saw it (see {@link FullConditions}); null where the stage did not look at it. */
  #fullConditions(facts: UnitFacts, unitIndex: number, stageId: string, ruleId: string): ConditionTrace | null {
    const s = this.ruleSet.stages.findIndex((stage) => stage.id === stageId);
    const code = s === -1 ? 0 : (this.views[s]?.[unitIndex] ?? 0);
    if (code === 0) return null;
    const rules = (this.#full[s] ??= compileStage(_evaluatedInFull(this.ruleSet.stages[s] as Stage)));
    const rule = rules.find((entry) => entry.id === ruleId);
    return rule === undefined ? null : rule.trace({ ...facts, ...this.decided.at(code) });
  }

  /** A unit's facts, all of them: indicator facts left for later are made (for every unit) first. */
  #factsAt(unitIndex: number): UnitFacts {
    this.rankIndicators();
    return this.final.factsAt(unitIndex);
  }

  #conditionsOf(facts: UnitFacts, unitIndex: number, unitId: string, stageIndex: number, rule: string): ConditionTrace {
    // the reference path kept json-rules-engine's own traces: each explanation is given a copy of its own
    if (this.referenceTraces) {
      const kept = this.referenceTraces[stageIndex]?.get(unitId)?.get(rule);
      return kept === undefined ? { all: [], result: null } : structuredClone(kept);
    }
    const code = this.views[stageIndex]?.[unitIndex] ?? 0;
    const view = code === 0 ? undefined : this.decided.at(code);
    const compiledRule = this.compiled[stageIndex]?.find((entry) => entry.id === rule);
    if (!view || !compiledRule) return { all: [], result: null };
    return compiledRule.trace({ ...facts, ...view });
  }
}

/**
 * A stage whose rules' conditions carry no priority: json-rules-engine then evaluates every condition of an `all`
 * or `any`, where a priority lets it stop at the first that decides.
 */
function _evaluatedInFull(stage: Stage): Stage {
  const plain = (condition: Condition): Condition => {
    if ('all' in condition) return { all: condition.all.map(plain) };
    if ('any' in condition) return { any: condition.any.map(plain) };
    if ('not' in condition) return { not: plain(condition.not) };
    const { priority: _, ...rest } = condition;
    return rest;
  };
  return { ...stage, rules: stage.rules.map((rule) => ({ ...rule, conditions: plain(rule.conditions) as Rule['conditions'] })) };
}

function _ruleTrace(decision: RuleDecision, conditions: ConditionTrace): RuleTrace {
  const event = decision.rule.event;
  const value = event.type === 'status' ? event.params.status : event.type === 'grade' ? event.params.grade : event.type === 'mention' ? event.params.mention : event.params.flag;
  return {
    rule: decision.rule.id,
    reason: decision.rule.reason,
    event: { type: event.type, value },
    outcome: decision.outcome,
    conditions,
    ...(decision.quota ? { quota: decision.quota } : {}),
  };
}

function _outcome(final: _Final, index: number, adjustments: readonly AdjustmentTotal[] | undefined, explainer: _Explainer, reason: string | undefined): UnitOutcome {
  return new _Outcome(final, index, adjustments, explainer, reason) as unknown as UnitOutcome;
}

/**
 * Makes an outcome: its properties in the order they are listed (and written in JSON), the indicators and the
 * explanation getters among them, property by property with descriptors made once (defining them through a map of
 * new descriptors was most of the cost of an outcome). Made by a constructor so that V8 keeps every value in the
 * object itself (an object literal given more properties afterwards keeps them in a second, separate array); its
 * prototype is Object's, as a literal's is.
 */
const _Outcome = function _Outcome(this: Record<string | symbol, unknown>, final: _Final, index: number, adjustments: readonly AdjustmentTotal[] | undefined, explainer: _Explainer, reason: string | undefined) {
  const { table } = final;
  const unit = table.units[index] as Unit;
  const view = final.viewAt(index);
  this['id'] = unit.id;
  this['name'] = unit.name;
  this['category'] = unit.category;
  this['trackGroup'] = unit.trackGroup ?? null;
  this['status'] = view.status;
  this['grade'] = _gradeOf(view);
  this['mentions'] = view.mentions;
  this['flags'] = view.flags;
  this['reason'] = _reasonOf(view, reason);
  this['composite'] = table.composite[index] as string | null;
  this['rank'] = table.rankAt(index);
  this['groupSize'] = table.groupSize[index] as number;
  this['percentile'] = table.percentileAt(index);
  // a symbol's place among the keys is after every name's
  _STATE_DESCRIPTOR.value = { explainer, index, unitId: unit.id, owner: this } satisfies _Explanation;
  Object.defineProperty(this, _EXPLANATION_STATE, _STATE_DESCRIPTOR);
  _STATE_DESCRIPTOR.value = undefined;
  Object.defineProperty(this, 'indicators', _INDICATORS_GETTER);
  this['bonus'] = table.bonus[index] as string | null;
  this['deduction'] = table.deduction[index] as string | null;
  this['adjustments'] = adjustments
    ? adjustments.map((adjustment) => ({
        item: adjustment.item,
        points: adjustment.raw,
        applied: adjustment.applied,
        reasons: adjustment.entries.map((entry) => entry.reason),
      }))
    : _NONE;
  this['prior'] = table.priorAt(index);
  this['change'] = table.change[index] as string | null;
  this['dataFlags'] = table.dataFlags.at(index);
  this['counterpart'] = unit.counterpart ?? null;
  this['staff'] = unit.staff ?? null;
  Object.defineProperty(this, 'stages', _STAGES_GETTER);
  Object.defineProperty(this, 'shortfall', _SHORTFALL_GETTER);
} as unknown as new (final: _Final, index: number, adjustments: readonly AdjustmentTotal[] | undefined, explainer: _Explainer, reason: string | undefined) => object;
_Outcome.prototype = Object.prototype;

/**
 * A unit's row ({@link UnitRow}): its outcome's plain fields, in the same order. An object literal, where an
 * outcome is made by a constructor (its explanation's properties are defined on it one by one, which is much
 * slower on a literal's object): V8 keeps track of whether the objects a literal makes live on, and can then
 * make them where long-lived objects go; a constructor's objects it always makes young, and copies out of the
 * young generation later. With rows made by a literal, the collector spent about a fifth less time on young
 * objects in an appraisal of 100,000 units whose rows were all kept.
 */
function _row(final: _Final, index: number, reason: string | undefined): UnitRow {
  const { table } = final;
  const unit = table.units[index] as Unit;
  const view = final.viewAt(index);
  return {
    id: unit.id,
    name: unit.name,
    category: unit.category,
    trackGroup: unit.trackGroup ?? null,
    status: view.status,
    grade: _gradeOf(view),
    mentions: view.mentions,
    flags: view.flags,
    reason: _reasonOf(view, reason),
    composite: table.composite[index] as string | null,
    rank: table.rankAt(index),
    groupSize: table.groupSize[index] as number,
    percentile: table.percentileAt(index),
    bonus: table.bonus[index] as string | null,
    deduction: table.deduction[index] as string | null,
    prior: table.priorAt(index),
    change: table.change[index] as string | null,
    dataFlags: table.dataFlags.at(index),
    counterpart: unit.counterpart ?? null,
    staff: unit.staff ?? null,
  };
}

/** A unit's grade as its outcome gives it: none unless it is graded. */
function _gradeOf(view: _View): string | null {
  return view.status === 'graded' ? view.grade : null;
}

/** The reason of a graded unit no rule gave a grade, in the words rule sets' reasons and kaoping's documents use. */
const _NO_GRADE = '没有规则给出等次';

/** A unit's reason as its outcome gives it: the last rule's that gave it a status or grade, or why none did. */
function _reasonOf(view: _View, reason: string | undefined): string {
  return reason ?? (view.status === 'graded' ? _NO_GRADE : '');
}

/**
 * What a table of outcomes, a row per unit, reads of an outcome: its plain fields, its score on each indicator in
 * the rule set's order, and last year's composite. The command writes a large result's CSV from these, made from
 * what the outcomes would be made of, without the outcomes.
 */
export interface _UnitRow {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly status: Status;
  readonly grade: string | null;
  readonly composite: string | null;
  readonly rank: number | null;
  readonly groupSize: number;
  readonly scores: readonly (string | null)[];
  readonly bonus: string | null;
  readonly deduction: string | null;
  readonly priorComposite: string | null;
  readonly change: string | null;
  readonly mentions: readonly string[];
  readonly flags: readonly string[];
  readonly reason: string;
}

/**
 * An outcome's row (see {@link _UnitRow}).
 *
 * @param unit - an outcome, appraise's own or any object of its shape
 * @returns its row
 */
export function _rowOf(unit: UnitOutcome): _UnitRow {
  return {
    id: unit.id,
    name: unit.name,
    category: unit.category,
    status: unit.status,
    grade: unit.grade,
    composite: unit.composite,
    rank: unit.rank,
    groupSize: unit.groupSize,
    scores: indicatorScoresOf(unit),
    bonus: unit.bonus,
    deduction: unit.deduction,
    priorComposite: unit.prior?.composite ?? null,
    change: unit.change,
    mentions: unit.mentions,
    flags: unit.flags,
    reason: unit.reason,
  };
}

/**
 * A turn for the rest of the program: the work is taken up again in a task of its own, once the tasks and the
 * rendering waiting before it have had theirs. A message's, where there are message channels (browsers, Node):
 * a timer's waits a second or more in a page's hidden tab, and never comes under a test's fake timers.
 */
function _turn(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    // a port's onmessage, which browsers and Node have alike (Node's typings give its ports as emitters)
    (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** One empty list for all outcomes that have none (most units have no scores by subject): outcomes are read-only. */
const _NONE: readonly never[] = Object.freeze([]);

/** What an outcome's indicators and explanation are built from, and each once built. */
interface _Explanation {
  readonly explainer: _Explainer;
  /** the unit's place in the result */
  readonly index: number;
  readonly unitId: string;
  /** the outcome itself: an object that reads this record through it (a Proxy, a derived object) is not */
  readonly owner: object;
  indicators?: IndicatorOutcome[];
  built?: StageTrace[];
  shortfall?: Shortfall | null;
}

/**
 * Where an outcome keeps what its explanation is built from: a property of its own that is not enumerable, so
 * JSON, spreading and copying leave it out, and that reads through a Proxy or an object derived from the outcome.
 */
const _EXPLANATION_STATE = Symbol('kaoping.explanation');

/** The descriptor of an outcome's {@link _EXPLANATION_STATE}: its value is set for each outcome, then let go. */
const _STATE_DESCRIPTOR: { value: _Explanation | undefined } = { value: undefined };

function _explanationOf(outcome: object): _Explanation {
  const explanation = (outcome as { [_EXPLANATION_STATE]?: _Explanation })[_EXPLANATION_STATE];
  if (!explanation) throw new TypeError('not an outcome of appraise, nor an object reading through one');
  return explanation;
}

function _stagesOf(explanation: _Explanation): StageTrace[] {
  return (explanation.built ??= explanation.explainer.stagesOf(explanation.index, explanation.unitId));
}

/**
 * A unit's indicators are built on first read, then kept: a result that is only counted or listed does not pay
 * for nine objects per unit. Defined as {@link _STAGES_GETTER} is, for the same reasons.
 */
const _INDICATORS_GETTER: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object): IndicatorOutcome[] {
    const explanation = _explanationOf(this);
    return (explanation.indicators ??= explanation.explainer.indicatorsOf(explanation.index));
  },
  // assigning replaces them with the value given, as assigning a plain property would
  set(this: object, value: unknown) {
    Object.defineProperty(this, 'indicators', { value, writable: true, enumerable: true, configurable: true });
  },
};

/**
 * A unit's score on each indicator, in the rule set's order, as its `indicators` give them, without building
 * those (nor working out indicator ranks left for later): for reports that read only the scores of many units.
 * An outcome whose `indicators` are not appraise's own (a copy, JSON read back, a property redefined), and
 * any object read through a Proxy or derived from an outcome, is read through its `indicators`.
 *
 * @param unit - an outcome
 * @returns the scores, null where the unit has none
 */
export function indicatorScoresOf(unit: UnitOutcome): (string | null)[] {
  const explanation = (unit as { [_EXPLANATION_STATE]?: _Explanation })[_EXPLANATION_STATE];
  if (!explanation || explanation.owner !== unit || explanation.indicators || Object.getOwnPropertyDescriptor(unit, 'indicators')?.get !== _INDICATORS_GETTER.get) {
    return unit.indicators.map((entry) => entry.score);
  }
  return explanation.explainer.scoresOf(explanation.index);
}

/**
 * An outcome as `JSON.stringify` reads it, for writing it once: where its indicators and explanation are not built
 * yet, a plain copy with the same keys in the same order and those built for the copy alone, not kept by the
 * outcome, so that writing a large result does not keep every unit's explanation (a few kilobytes each) alive
 * to the end. Any other outcome, or object, is given back as it is.
 *
 * @param unit - an outcome, or anything else a result's units may hold
 * @returns what to hand to JSON.stringify in its place
 */
export function _forWriting(unit: unknown): unknown {
  if (unit === null || typeof unit !== 'object') return unit;
  const explanation = (unit as { [_EXPLANATION_STATE]?: _Explanation })[_EXPLANATION_STATE];
  if (!explanation || explanation.owner !== unit || explanation.indicators || explanation.built || explanation.shortfall !== undefined) return unit;
  const getter = (key: string) => Object.getOwnPropertyDescriptor(unit, key)?.get;
  if (getter('indicators') !== _INDICATORS_GETTER.get || getter('stages') !== _STAGES_GETTER.get || getter('shortfall') !== _SHORTFALL_GETTER.get) return unit;
  const { explainer, index, unitId } = explanation;
  const copy: Record<string, unknown> = {};
  let stages: StageTrace[] | undefined;
  for (const key of Object.keys(unit)) {
    if (key === 'indicators') copy[key] = explainer.indicatorsOf(index);
    else if (key === 'stages') copy[key] = stages ??= explainer.stagesOf(index, unitId);
    else if (key === 'shortfall') copy[key] = explainer.shortfallOf(index, (stages ??= explainer.stagesOf(index, unitId)));
    else copy[key] = (unit as unknown as Record<string, unknown>)[key];
  }
  return copy;
}

/**
 * The explanation (`stages`, `shortfall`) is built on first read (JSON.stringify reads it too), then kept, from
 * the unit's own record (changing the outcome's fields changes nothing in it). Its getters are enumerable own
 * properties, and the same two functions for every outcome: V8 then gives all outcomes one compact shape, where
 * a getter of its own per outcome turns each into a hash table.
 */
const _STAGES_GETTER: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object): StageTrace[] {
    return _stagesOf(_explanationOf(this));
  },
};

/** The getter of an outcome's `shortfall`, built from its stages: see {@link _STAGES_GETTER}. */
const _SHORTFALL_GETTER: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object): Shortfall | null {
    const explanation = _explanationOf(this);
    if (explanation.shortfall === undefined) explanation.shortfall = explanation.explainer.shortfallOf(explanation.index, _stagesOf(explanation));
    return explanation.shortfall;
  },
};
