import type { RuleSet } from '../schema/ruleSet.js';

/** What kind of value a fact holds, which decides the operators that make sense on it. */
export type FactKind = 'decimal' | 'integer' | 'text' | 'text-list';

/** A fact rules may read, with what it holds. */
export interface FactDescription {
  readonly kind: FactKind;
  /** May the value be missing (null)? Decimal operators are false on a missing value. */
  readonly nullable: boolean;
  readonly description: string;
}

/**
 * Every fact a rule may read about a unit. There is no fact for a unit's id or name: rules never name
 * a unit. `indicators` is read through a path, `$.<indicator id>.<field>` (see {@link INDICATOR_FIELDS}).
 */
export const FACTS: Readonly<Record<string, FactDescription>> = {
  category: { kind: 'text', nullable: false, description: "The unit's category id." },
  trackGroup: { kind: 'text', nullable: true, description: 'The vertical-management group id, if any.' },
  dataFlags: { kind: 'text-list', nullable: false, description: 'Yes/no data flags the dataset states.' },
  status: { kind: 'text', nullable: false, description: 'graded, excluded or vertical, as earlier stages left it.' },
  grade: { kind: 'text', nullable: true, description: 'The grade earlier stages gave, if any.' },
  mentions: { kind: 'text-list', nullable: false, description: 'Mentions earlier stages gave.' },
  flags: { kind: 'text-list', nullable: false, description: 'Follow-up flags earlier stages gave.' },
  composite: { kind: 'decimal', nullable: true, description: 'The composite score, rounded as the rule set says.' },
  bonus: { kind: 'decimal', nullable: true, description: 'Bonus points after caps.' },
  deduction: { kind: 'decimal', nullable: true, description: 'Deducted points after caps (a positive number).' },
  rank: { kind: 'integer', nullable: true, description: 'Rank by composite within the category, 1 = best, with the tie-break.' },
  groupSize: { kind: 'integer', nullable: false, description: 'How many scored units the category has.' },
  percentile: { kind: 'decimal', nullable: true, description: '(groupSize − rank) / (groupSize − 1) × 100, 2 decimals: 100 for the best, 0 for the last; ties share the better rank.' },
  indicators: { kind: 'decimal', nullable: true, description: 'Per indicator: $.<id>.score, .rank, .percentile, .points.' },
  priorComposite: { kind: 'decimal', nullable: true, description: "Last year's composite." },
  priorGrade: { kind: 'text', nullable: true, description: "Last year's grade." },
  change: { kind: 'decimal', nullable: true, description: 'composite − priorComposite.' },
};

/** Fields of each entry of the `indicators` fact. */
export const INDICATOR_FIELDS: Readonly<Record<string, FactKind>> = {
  score: 'decimal',
  rank: 'integer',
  percentile: 'decimal',
  points: 'decimal',
};

/** The outcome of looking up a fact reference: its kind, or why it does not exist. */
export type FactLookup = { readonly kind: FactKind; readonly vocabulary?: readonly string[] } | { readonly problem: string };

/**
 * Finds what a fact reference (fact plus optional path) reads, against a rule set.
 *
 * @param ruleSet - the rule set whose indicators and vocabularies apply
 * @param fact - the fact name
 * @param path - the condition's path, if any
 * @returns the fact's kind and, for text facts, the values it can take; or a problem
 */
export function lookupFact(ruleSet: RuleSet, fact: string, path: string | undefined): FactLookup {
  const description = Object.hasOwn(FACTS, fact) ? FACTS[fact] : undefined;
  if (!description) {
    return { problem: `there is no fact ${JSON.stringify(fact)}; expected one of ${Object.keys(FACTS).join(', ')}` };
  }
  if (fact === 'indicators') {
    const segments = path?.split('.').slice(1) ?? [];
    const [indicatorId, field] = segments;
    if (segments.length !== 2 || indicatorId === undefined || field === undefined) {
      return { problem: 'the indicators fact needs a path "$.<indicator id>.<score|rank|percentile|points>"' };
    }
    if (!ruleSet.indicators.some((indicator) => indicator.id === indicatorId)) {
      return { problem: `there is no indicator ${JSON.stringify(indicatorId)}; expected one of ${[...new Set(ruleSet.indicators.map((i) => i.id))].join(', ')}` };
    }
    const kind = Object.hasOwn(INDICATOR_FIELDS, field) ? INDICATOR_FIELDS[field] : undefined;
    if (!kind) return { problem: `indicators have no field ${JSON.stringify(field)}; expected score, rank, percentile or points` };
    return { kind };
  }
  if (path !== undefined) return { problem: `the fact ${JSON.stringify(fact)} takes no path` };
  const vocabulary = vocabularyOf(ruleSet, fact);
  return vocabulary ? { kind: description.kind, vocabulary } : { kind: description.kind };
}

function vocabularyOf(ruleSet: RuleSet, fact: string): readonly string[] | undefined {
  const ids = (list: readonly { id: string }[]) => list.map((entry) => entry.id);
  switch (fact) {
    case 'category':
      return ids(ruleSet.categories);
    case 'trackGroup':
      return ids(ruleSet.verticalTrack?.groups ?? []);
    case 'dataFlags':
      return ids(ruleSet.dataFlags);
    case 'status':
      return ['graded', 'excluded', 'vertical'];
    case 'grade':
      return ids(ruleSet.grades);
    case 'mentions':
      return ids(ruleSet.mentions);
    case 'flags':
      return ids(ruleSet.flags);
    default:
      return undefined;
  }
}
