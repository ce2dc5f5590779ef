import { describe, expect, it } from 'vitest';
import { renderNotice } from '../src/index.js';
import { appraise2014, readJson, readText, unitNamed } from './support/load.js';

interface Expected2014 {
  overallExcellent: { departments: string[]; streets: string[] };
  singleItemExcellent: { departments: string[]; keyAreaOffices: string[]; streets: string[] };
  good: { namedInNotice: string[] };
  excludedLeadDepartments: string[];
  verticalManagement: { groups: { units: string[]; assessment: string }[]; outstanding: string[]; completedMunicipalTasks: string[] };
  districtIndicators: {
    publicSatisfaction: { '2013': string; '2014': string };
    administrativeServiceSatisfaction: { '2013': string; '2014': string };
  };
}

const expected = readJson<Expected2014>('test/fixtures/expected-2014.json');
const noticeLines = readText('test/fixtures/xicheng-2014-notice.txt').split('\n');

describe('the 2014 Xicheng example', () => {
  it('renders section 一 of the notice exactly as published (lines 10 to 21, blank lines aside)', async () => {
    const { ruleSet, result } = await appraise2014();
    const rendered = renderNotice(result, ruleSet).split('\n').filter((line) => line !== '');
    const published = noticeLines.slice(9, 21).filter((line) => line.trim() !== '');
    expect(rendered).toEqual(published);
  });

  it('prints the two lists character for character as lines 14 and 17 of the notice', async () => {
    const { ruleSet, result } = await appraise2014();
    const rendered = renderNotice(result, ruleSet).split('\n');
    expect(rendered).toContain(noticeLines[13]);
    expect(rendered).toContain(noticeLines[16]);
  });

  it('gives every unit the notice names the outcome the notice states', async () => {
    const { result } = await appraise2014();
    const grade = (name: string) => {
      const unit = unitNamed(result, name);
      return `${unit.status}/${unit.grade}`;
    };
    for (const name of [...expected.overallExcellent.departments, ...expected.overallExcellent.streets]) {
      expect(grade(name), name).toBe('graded/overall-excellent');
    }
    const single = expected.singleItemExcellent;
    for (const name of [...single.departments, ...single.keyAreaOffices, ...single.streets]) {
      expect(grade(name), name).toBe('graded/single-item-excellent');
    }
    for (const name of expected.good.namedInNotice) expect(grade(name), name).toBe('graded/good');
    for (const name of expected.excludedLeadDepartments) expect(grade(name), name).toBe('excluded/null');
    for (const group of expected.verticalManagement.groups) {
      for (const name of group.units) expect(grade(name), name).toBe('vertical/null');
    }
  });

  it('gives the vertical-management mentions to exactly the units the notice singles out', async () => {
    const { result } = await appraise2014();
    const withMention = (mention: string) =>
      result.units.filter((unit) => unit.mentions.includes(mention)).map((unit) => unit.name).sort();
    expect(withMention('outstanding')).toEqual([...expected.verticalManagement.outstanding].sort());
    expect(withMention('municipal-tasks-completed')).toEqual([...expected.verticalManagement.completedMunicipalTasks].sort());
  });

  it('accounts for every unit exactly once, and invents none beyond those the notice names', async () => {
    const { dataset, result } = await appraise2014();
    const named = [
      ...expected.overallExcellent.departments,
      ...expected.overallExcellent.streets,
      ...expected.singleItemExcellent.departments,
      ...expected.singleItemExcellent.keyAreaOffices,
      ...expected.singleItemExcellent.streets,
      ...expected.good.namedInNotice,
      ...expected.excludedLeadDepartments,
      ...expected.verticalManagement.groups.flatMap((group) => group.units),
    ];
    expect(result.units.map((unit) => unit.id)).toEqual(dataset.units.map((unit) => unit.id).sort());
    expect(result.units.map((unit) => unit.name).sort()).toEqual([...named].sort());
    for (const unit of result.units) expect(unit.reason, unit.name).not.toBe('');
  });

  it('lists the units rated good and the survey figures with their change in the appendix', async () => {
    const { ruleSet, result } = await appraise2014();
    const appendix = renderNotice(result, ruleSet, { appendix: true });
    expect(appendix).toContain(`附：良好单位\n\n${expected.good.namedInNotice.join('、')}。`);
    const figures = expected.districtIndicators;
    expect(appendix).toContain(`千家评政府满意度：${figures.publicSatisfaction['2014']}（2013年：${figures.publicSatisfaction['2013']}，+1.02）`);
    expect(appendix).toContain(
      `行政服务满意度：${figures.administrativeServiceSatisfaction['2014']}（2013年：${figures.administrativeServiceSatisfaction['2013']}，+4.27）`,
    );
  });
});
