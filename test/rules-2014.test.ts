import { describe, expect, it } from 'vitest';
import type { DatasetInput } from '../src/index.js';
import { appraise2014, setScore, unitNamed } from './support/load.js';

const gradeOf = async (edit: (dataset: DatasetInput) => void, name: string) => unitNamed((await appraise2014(edit)).result, name).grade;

describe('the 2014 rules move units between grades as their scores change', () => {
  it('a good unit that reaches 95% of one indicator becomes single-item excellent', async () => {
    expect(await gradeOf(() => {}, '区卫生局')).toBe('good');
    expect(await gradeOf((dataset) => setScore(dataset, '区卫生局', 'innovation', '4.75'), '区卫生局')).toBe('single-item-excellent');
  });

  it('a single-item-excellent unit one hundredth short of the threshold is rated good', async () => {
    const { result } = await appraise2014();
    const statistics = unitNamed(result, '区统计局');
    expect(statistics.grade).toBe('single-item-excellent');
    expect(statistics.indicators.find((entry) => entry.id === 'innovation')?.score).not.toBeNull();
    expect(await gradeOf((dataset) => setScore(dataset, '区统计局', 'innovation', '4.74'), '区统计局')).toBe('good');
  });

  it('a department that falls below 90 loses overall excellent, and the next in line takes its place', async () => {
    const { result } = await appraise2014((dataset) => setScore(dataset, '区财政局', 'duties', '30.00'));
    expect(unitNamed(result, '区财政局').grade).not.toBe('overall-excellent');
    expect(unitNamed(result, '区发展改革委').grade).toBe('overall-excellent');
    expect(result.units.filter((unit) => unit.category === 'department' && unit.grade === 'overall-excellent')).toHaveLength(10);
  });

  it('a street that overtakes the sixth pushes it out of the 40% quota', async () => {
    const before = await appraise2014();
    expect(unitNamed(before.result, '天桥街道').grade).toBe('single-item-excellent');
    const { result } = await appraise2014((dataset) => {
      setScore(dataset, '天桥街道', 'duties', '40.00');
      setScore(dataset, '天桥街道', 'coordination', '5.00');
    });
    expect(Number(unitNamed(result, '天桥街道').composite)).toBeGreaterThan(Number(unitNamed(result, '德胜街道').composite));
    expect(unitNamed(result, '天桥街道').grade).toBe('overall-excellent');
    expect(unitNamed(result, '德胜街道').grade).not.toBe('overall-excellent');
  });

  it('explains a quota cut: conditions met, 11th of 12 candidates for 10 places', async () => {
    const { result } = await appraise2014();
    const grading = unitNamed(result, '区发展改革委').stages.find((stage) => stage.stage === 'grade');
    const cut = grading?.missed.find((rule) => rule.rule === 'overall-excellent');
    expect(cut?.outcome).toBe('over-quota');
    expect(cut?.quota).toMatchObject({ category: 'department', groupSize: 24, places: 10, position: 11, candidates: 12, admitted: false });
    expect(grading?.applied.map((rule) => rule.rule)).toEqual(['single-item-excellent']);
  });

  it('explains a failed condition with the value it saw: a deduction keeps 区环保局 out of overall excellent', async () => {
    const { result } = await appraise2014();
    const unit = unitNamed(result, '区环保局');
    expect(Number(unit.composite)).toBeGreaterThanOrEqual(90);
    const missed = unit.stages.find((stage) => stage.stage === 'grade')?.missed.find((rule) => rule.rule === 'overall-excellent');
    expect(missed?.outcome).toBe('failed');
    expect(missed?.conditions).toMatchObject({
      result: false,
      all: [
        { fact: 'category', result: true },
        { fact: 'composite', result: true },
        { fact: 'deduction', operator: 'decimalEqual', value: '0', seen: '0.80', result: false },
      ],
    });
  });

  it('never gives a key-area office overall excellent, whatever its scores', async () => {
    const { result } = await appraise2014((dataset) => {
      for (const [indicator, points] of Object.entries({ duties: '40', lawful: '8', capacity: '7', 'central-service': '5', public: '20', leadership: '10', coordination: '5', innovation: '5' })) {
        setScore(dataset, '区重大办', indicator, points);
      }
    });
    expect(unitNamed(result, '区重大办').composite).toBe('100.00');
    expect(unitNamed(result, '区重大办').grade).toBe('single-item-excellent');
  });

  it('never grades the lead departments, and says why', async () => {
    const { result } = await appraise2014((dataset) => dataset.units.reverse());
    for (const name of ['区政府办公室', '区监察局']) {
      const unit = unitNamed(result, name);
      expect(unit).toMatchObject({ status: 'excluded', grade: null, composite: null, flags: [], reason: '作为牵头部门，不列入参评范围' });
      expect(unit.stages.filter((stage) => !stage.skipped).map((stage) => stage.stage)).toEqual(['scope']);
    }
  });

  it('flags a unit for an interview when its composite is below 80 or fell by 5 or more', async () => {
    const base = await appraise2014();
    expect(base.result.units.filter((unit) => unit.flags.includes('interview'))).toEqual([]);
    const low = await appraise2014((dataset) => setScore(dataset, '区市政市容委', 'duties', '28.00'));
    expect(Number(unitNamed(low.result, '区市政市容委').composite)).toBeLessThan(80);
    expect(unitNamed(low.result, '区市政市容委').flags).toContain('interview');
    const dropped = await appraise2014((dataset) => {
      const unit = dataset.units.find((entry) => entry.name === '区司法局');
      const prior = dataset.prior?.find((entry) => entry.unit === unit?.id);
      if (prior) prior.composite = '89.67'; // 84.67 now: exactly 5 lower
    });
    expect(unitNamed(dropped.result, '区司法局').change).toBe('-5.00');
    expect(unitNamed(dropped.result, '区司法局').flags).toContain('interview');
  });

  it('gives a vertical unit the outstanding mention once its composite reaches 95', async () => {
    const { result } = await appraise2014((dataset) => {
      setScore(dataset, '区地税局', 'duties', '40.00');
      setScore(dataset, '区地税局', 'public', '20.00');
    });
    const unit = unitNamed(result, '区地税局');
    expect(Number(unit.composite)).toBeGreaterThanOrEqual(95);
    expect(unit.mentions).toContain('outstanding');
    expect(unit.flags).toEqual(['letter']);
  });

  it('a non-counted indicator changes nothing: the third-party survey scores at 0 or at 100 leave every outcome as it was', async () => {
    const strip = (units: readonly { indicators: readonly { id: string }[] }[]) =>
      JSON.stringify(units.map((unit) => ({ ...unit, indicators: unit.indicators.filter((entry) => entry.id !== 'third-party') })));
    const base = await appraise2014();
    for (const value of ['0', '100']) {
      const { result } = await appraise2014((dataset) => {
        for (const row of dataset.scores ?? []) if (row.indicator === 'third-party') row.score = value;
      });
      expect(strip(result.units)).toBe(strip(base.result.units));
      expect(result.units.some((unit) => unit.indicators.some((entry) => entry.id === 'third-party' && entry.score === `${value}.00`))).toBe(true);
    }
  });
});
