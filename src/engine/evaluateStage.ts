import { Engine, type RuleResult } from 'json-rules-engine';
import type { UnitFacts } from '../facts/deriveFacts.js';
import type { Stage } from '../schema/ruleSet.js';
import { decimalOperators, resolvePath } from './operators.js';

/**
 * How one condition evaluated for one unit. `seen` is the fact's value; `result` is null where
 * json-rules-engine did not need to evaluate the condition.
 */
export type ConditionTrace =
  | { readonly all: readonly ConditionTrace[]; readonly result: boolean | null }
  | { readonly any: readonly ConditionTrace[]; readonly result: boolean | null }
  | { readonly not: ConditionTrace; readonly result: boolean | null }
  | {
      readonly fact: string;
      readonly path?: string;
      readonly operator: string;
      readonly value: unknown;
      /** What the value was compared with, when `value` names another fact. */
      readonly compared?: unknown;
      readonly seen: unknown;
      readonly result: boolean | null;
    };

/** Whether a rule's conditions held for a unit, and how each condition evaluated. */
export interface RuleEvaluation {
  readonly holds: boolean;
  readonly conditions: ConditionTrace;
}

/** A stage's rules loaded into json-rules-engine, reusable for every unit. */
export interface StageEngine {
  readonly stage: Stage;
  /** Evaluates every rule of the stage for one unit. */
  evaluate(facts: UnitFacts): Promise<Map<string, RuleEvaluation>>;
}

/**
 * Loads a stage's rules into a json-rules-engine `Engine` with kaoping's decimal operators and its
 * plain path resolver.
 *
 * @param stage - the stage
 * @returns an engine that evaluates every rule of the stage for one unit at a time
 */
export function createStageEngine(stage: Stage): StageEngine {
  const engine = new Engine([], { allowUndefinedFacts: false, pathResolver: resolvePath as (value: object, path: string) => unknown });
  for (const operator of decimalOperators) engine.addOperator(operator);
  for (const rule of stage.rules) {
    engine.addRule({
      name: rule.id,
      priority: rule.priority ?? 1,
      // json-rules-engine keeps and annotates what it is given: hand it a copy
      conditions: JSON.parse(JSON.stringify(rule.conditions)) as never,
      event: { type: rule.event.type, params: { ...rule.event.params } },
    });
  }
  return {
    stage,
    async evaluate(facts) {
      const { results, failureResults } = await engine.run({ ...facts });
      const evaluations = new Map<string, RuleEvaluation>();
      for (const result of [...results, ...failureResults]) {
        const holds = result.result === true;
        // json-rules-engine records no result on the top-level all/any/not itself: it is the rule's
        evaluations.set(result.name, { holds, conditions: { ..._trace(result.conditions), result: holds } });
      }
      return evaluations;
    },
  };
}

function _trace(node: RuleResult['conditions'] | Record<string, unknown>): ConditionTrace {
  const condition = node as Record<string, unknown>;
  const result = typeof condition['result'] === 'boolean' ? condition['result'] : null;
  if (Array.isArray(condition['all'])) return { all: condition['all'].map(_trace), result };
  if (Array.isArray(condition['any'])) return { any: condition['any'].map(_trace), result };
  if (condition['not'] !== undefined) return { not: _trace(condition['not'] as Record<string, unknown>), result };
  const value = condition['value'];
  const refersToFact = value !== null && typeof value === 'object' && !Array.isArray(value);
  return {
    fact: String(condition['fact']),
    ...(typeof condition['path'] === 'string' ? { path: condition['path'] } : {}),
    operator: String(condition['operator']),
    value,
    ...(refersToFact ? { compared: condition['valueResult'] ?? null } : {}),
    seen: condition['factResult'] ?? null,
    result,
  };
}
