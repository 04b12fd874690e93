/**
 * The key figures' indicators (issue 20): ids, labels and units are fixed — tools, the frontmatter and
 * tests depend on them. Apart from the extraction (figures.ts) so that the schema, the pages and the data
 * files take them without the extraction's code.
 */
export type Unit = '件' | '%' | '次' | '名';

export const INDICATOR_IDS = [
  'reconsiderationCases',
  'reconsiderationCorrectionRate',
  'litigationCases',
  'lostCases',
  'lossRate',
  'leaderAppearanceRate',
  'normativeDocsReviewed',
  'legalityReviews',
  'majorDecisions',
  'disclosureRequests',
  'npcSuggestions',
  'cppccProposals',
  'lawStudySessions',
  'trainingSessions',
  'examPassRate',
  'legalAdvisers',
  'publicLawyers',
  'disputesResolved',
] as const;
export type IndicatorId = (typeof INDICATOR_IDS)[number];

export interface Indicator {
  id: IndicatorId;
  /** As issue 20 names it. */
  label: string;
  unit: Unit;
}

/** The indicators, ids, labels and units fixed by issue 20 (tools and tests depend on them). */
export const INDICATORS: readonly Indicator[] = [
  { id: 'reconsiderationCases', label: '行政复议案件（收到/受理）', unit: '件' },
  { id: 'reconsiderationCorrectionRate', label: '行政复议纠错率', unit: '%' },
  { id: 'litigationCases', label: '行政诉讼（应诉）案件', unit: '件' },
  { id: 'lostCases', label: '行政诉讼败诉案件', unit: '件' },
  { id: 'lossRate', label: '行政诉讼败诉率', unit: '%' },
  { id: 'leaderAppearanceRate', label: '行政机关负责人出庭应诉率', unit: '%' },
  { id: 'normativeDocsReviewed', label: '规范性文件审查、备案', unit: '件' },
  { id: 'legalityReviews', label: '合法性审查（重大决策、合同、文件）', unit: '件' },
  { id: 'majorDecisions', label: '重大行政决策', unit: '件' },
  { id: 'disclosureRequests', label: '政府信息公开申请', unit: '件' },
  { id: 'npcSuggestions', label: '人大代表建议（议案）', unit: '件' },
  { id: 'cppccProposals', label: '政协委员提案', unit: '件' },
  { id: 'lawStudySessions', label: '领导干部/常务会议学法', unit: '次' },
  { id: 'trainingSessions', label: '法治培训（班、讲座）', unit: '次' },
  { id: 'examPassRate', label: '学法用法考试合格（通过）率', unit: '%' },
  { id: 'legalAdvisers', label: '法律顾问', unit: '名' },
  { id: 'publicLawyers', label: '公职律师', unit: '名' },
  { id: 'disputesResolved', label: '矛盾纠纷排查化解、调处', unit: '件' },
];

export interface Figure {
  indicator: IndicatorId;
  value: number;
  unit: Unit;
  /** The text qualifies the number: 余, 多, 约, 近, 超过, 以上. */
  approx: boolean;
  /** The clause the figure came from, verbatim (a substring of the body). */
  text: string;
  /** The anchor id of the nearest heading above the clause (as renderBody assigns it); null before any. */
  section: string | null;
}
