/** What appraise tells a progress display: scoring, ranking category by category, then each stage's units. */
import { describe, expect, it, vi } from 'vitest';
import { appraise, parseDataset, parseRuleSet, type AppraiseProgress } from '../src/index.js';
import { datasetInput2014, ruleSetInput2014 } from './support/load.js';

const ruleSet = parseRuleSet(ruleSetInput2014());

describe('progress', () => {
  it('counts units through scoring, ranking and every stage, each up to its total', async () => {
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    const steps: AppraiseProgress[] = [];
    const result = await appraise(ruleSet, dataset, { onProgress: (step) => steps.push(step) });
    const total = dataset.units.length;
    expect(steps.slice(0, 3)).toEqual([
      { phase: 'scoring', stage: 'scoring', done: 0, total },
      { phase: 'scoring', stage: 'scoring', done: total, total },
      { phase: 'ranking', stage: 'ranking', done: 0, total },
    ]);
    // one step per category, in the order the categories first appear in id order, each adding its units
    const ranking = steps.filter((step) => step.phase === 'ranking').slice(1);
    const sizes = new Map<string, number>();
    for (const unit of result.units) sizes.set(unit.category, (sizes.get(unit.category) ?? 0) + 1);
    let sum = 0;
    expect(ranking.map((step) => step.done)).toEqual([...sizes.values()].map((size) => (sum += size)));
    expect(ranking.at(-1)?.done).toBe(total);
    // then the stages, in the rule set's order, each counting up to the units it looked at
    const evaluating = steps.filter((step) => step.phase === 'evaluating');
    expect(steps.slice(3 + ranking.length)).toEqual(evaluating);
    const stages = [...new Set(evaluating.map((step) => step.stage))];
    expect(stages).toEqual(ruleSet.stages.map((stage) => stage.id).filter((id) => stages.includes(id)));
    expect(stages.length).toBeGreaterThan(1);
    for (const id of stages) {
      const mine = evaluating.filter((step) => step.stage === id);
      const last = mine.at(-1) as AppraiseProgress;
      expect(last.done, id).toBe(last.total);
      expect(mine.every((step, i) => step.total === last.total && (i === 0 || step.done > (mine[i - 1] as AppraiseProgress).done)), id).toBe(true);
    }
    // the scope stage looks at every unit
    expect(evaluating.find((step) => step.stage === ruleSet.stages[0]?.id)?.total).toBe(total);
  });
});

describe('a turn for the program while progress is shown', () => {
  it('lets the rest of the program run before it begins and before each stage, and the result is the same', async () => {
    const dataset = parseDataset(datasetInput2014(), ruleSet);
    // what the program saw of the progress told so far, at each turn of its event loop: the phases it fell between
    const seen: string[] = [];
    let last = 'none';
    let going = true;
    const turn = () => {
      seen.push(last);
      if (going) setImmediate(turn);
    };
    setImmediate(turn);
    try {
      const result = await appraise(ruleSet, dataset, { onProgress: (step) => (last = `${step.phase} ${step.stage}`) });
      // a turn before it began, and one before each stage
      expect(seen[0]).toBe('none');
      const stages = new Set(seen.filter((step) => step.startsWith('evaluating ')).map((step) => step.slice('evaluating '.length)));
      expect(seen.filter((step) => step !== 'none').length).toBeGreaterThanOrEqual(ruleSet.stages.length - 1);
      expect(stages.size).toBeGreaterThanOrEqual(ruleSet.stages.length - 2);
      expect(JSON.stringify(result)).toBe(JSON.stringify(await appraise(ruleSet, dataset)));
    } finally {
      going = false;
    }
  });

  it('takes its turns under fake timers too', async () => {
    vi.useFakeTimers();
    try {
      const dataset = parseDataset(datasetInput2014(), ruleSet);
      const steps: string[] = [];
      const result = await appraise(ruleSet, dataset, { onProgress: (step) => steps.push(step.phase) });
      expect(result.units).toHaveLength(dataset.units.length);
      expect(steps).toContain('evaluating');
    } finally {
      vi.useRealTimers();
    }
  });
});
