import type { Stage, TechField } from '@wuhan/domain';

/**
 * Realistic, distinct nominations: Chinese titles and summaries assembled from word lists, a unique suffix per
 * nomination so every one is a new project, and a field, stage and TRL that agree with each other.
 */

const topics: readonly [string, TechField][] = [
  ['量子', 'quantum'],
  ['光电', 'future_display'],
  ['生物制造', 'biomanufacturing'],
  ['类脑', 'brain_science'],
  ['氢能', 'hydrogen_energy'],
  ['第三代半导体', 'advanced_semiconductors'],
  ['6G 太赫兹', 'next_gen_mobile_comms'],
  ['大模型', 'artificial_intelligence'],
  ['电磁发射', 'electromagnetic_energy'],
  ['商业航天', 'aerospace'],
  ['钙钛矿', 'new_materials'],
  ['合成生物', 'life_health'],
  ['存算一体', 'supercomputing'],
];
const objects = [
  '芯片',
  '传感器',
  '催化剂',
  '器件',
  '平台',
  '电池',
  '激光器',
  '算法',
  '材料',
  '疫苗',
  '探测器',
  '储运装置',
];
const qualifiers = [
  '高通量',
  '超低功耗',
  '柔性',
  '可扩展',
  '室温',
  '高稳定性',
  '低成本',
  '全固态',
  '自适应',
  '高精度',
];
const methods = [
  '原位表征',
  '微纳加工',
  '定向进化',
  '异质集成',
  '拓扑优化',
  '深度学习',
  '连续流合成',
  '分子动力学模拟',
];
const outcomes = [
  '性能较现有最好水平提升一个数量级',
  '成本降低至进口产品的三分之一',
  '已完成实验室原型验证',
  '申请发明专利十余项',
  '有望形成替代性技术路线',
  '可在武汉现有产业链上实现中试放大',
];
const surnames = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
];
const givenNames = [
  '建华',
  '晓东',
  '丽娟',
  '志强',
  '海燕',
  '文博',
  '思远',
  '雅琴',
  '国栋',
  '子涵',
  '明轩',
  '欣怡',
];
const organizations = [
  '武汉大学',
  '华中科技大学',
  '武汉理工大学',
  '华中农业大学',
  '中国科学院武汉物理与数学研究所',
  '湖北光谷实验室',
  '武汉光谷科技创新有限公司',
  '长江存储科技有限责任公司',
];
const stageTrl: readonly [Stage, number][] = [
  ['gestation', 2],
  ['sprouting', 5],
  ['growth', 8],
];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

export interface NominationInput {
  title: string;
  summary: string;
  techField: TechField;
  stage: Stage;
  trl: number;
  leadOrganization: string;
  teamLead: { name: string; email: string };
  district: string;
}

/** The i-th nomination of run `runId`; `districts` are those with a commissioner. */
export function nomination(runId: string, i: number, districts: readonly string[]): NominationInput {
  const [topic, techField] = pick(topics, i);
  const object = pick(objects, i * 7 + 3);
  const qualifier = pick(qualifiers, i * 5 + 1);
  const method = pick(methods, i * 3 + 2);
  const [stage, trl] = pick(stageTrl, i * 11 + 1);
  // The suffix makes the project new (its normalised title differs) and lets us find its email by subject.
  const title = `${qualifier}${topic}${object}关键技术研究-${runId}-${String(i).padStart(5, '0')}`;
  const sentences = [
    `本项目面向${topic}领域的重大需求，提出一种基于${method}的${qualifier}${object}技术方案。`,
    `团队在前期研究中突破了${pick(methods, i + 1)}与${pick(methods, i + 4)}的耦合难题，${pick(outcomes, i)}。`,
    `与现有技术相比，该方案在原理上具有颠覆性：不依赖传统工艺路线，${pick(outcomes, i + 2)}。`,
    `下一步拟联合${pick(organizations, i + 3)}开展工程化验证，预计两年内${pick(outcomes, i + 4)}。`,
    `项目符合武汉市颠覆性技术创新专项的支持方向，申请进入项目库并对接概念验证与中试平台资源。`,
  ];
  // About 600–900 characters, the size of a real abstract.
  const summary = Array.from({ length: 3 }, (_, k) => sentences.slice(k % 2).join('')).join('\n');
  return {
    title,
    summary,
    techField,
    stage,
    trl,
    leadOrganization: pick(organizations, i),
    teamLead: {
      name: `${pick(surnames, i)}${pick(givenNames, i * 5 + 2)}`,
      email: `lead${i}.${runId}@example.edu.cn`,
    },
    district: pick(districts, i),
  };
}
