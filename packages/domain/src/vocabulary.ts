/**
 * The programme's vocabulary as data (../shared/DOMAIN.md). Identifiers are English; people see the zh label.
 * Lists that the policy leaves open (districts, technology fields) are data here so adding one is a one-line change.
 */

/** Recommending channels of §二(三). */
export const partnerTypes = {
  university: '高校',
  research_institute: '科研院所',
  hubei_lab: '湖北实验室',
  vc_firm: '风险投资机构',
  wuchuang_institute: '武创院',
  scientist_team: '顶尖科学家团队',
  district_office: '区科技部门',
  public_call: '公开征集',
  competition: '“武创源”颠覆性技术创新大赛',
  plan_results: '科技计划项目成果/重大科技进展榜单',
} as const;
export type PartnerType = keyof typeof partnerTypes;
export const partnerTypeIds = /* @__PURE__ */ Object.keys(partnerTypes) as [PartnerType, ...PartnerType[]];

/** Channels that staff post on behalf of (§二(三): 公开征集, the competition, plan results); no outside partner holds them. */
export const staffChannels = [
  'public_call',
  'competition',
  'plan_results',
] as const satisfies readonly PartnerType[];

/** 各区（含开发区、长江新区管委会）. */
export const districts = {
  jiangan: '江岸区',
  jianghan: '江汉区',
  qiaokou: '硚口区',
  hanyang: '汉阳区',
  wuchang: '武昌区',
  qingshan: '青山区',
  hongshan: '洪山区',
  dongxihu: '东西湖区',
  hannan: '汉南区',
  caidian: '蔡甸区',
  jiangxia: '江夏区',
  huangpi: '黄陂区',
  xinzhou: '新洲区',
  east_lake_hitech: '东湖高新区',
  wuhan_econ_dev: '武汉经开区',
  changjiang_new_area: '长江新区',
} as const;
export type District = keyof typeof districts;
export const districtIds = /* @__PURE__ */ Object.keys(districts) as [District, ...District[]];

export const techFields = {
  future_display: '未来显示',
  biomanufacturing: '生物制造',
  advanced_semiconductors: '先进半导体',
  next_gen_mobile_comms: '新一代移动通信',
  artificial_intelligence: '人工智能',
  quantum: '量子科技',
  brain_science: '脑科学与类脑',
  hydrogen_energy: '氢能',
  electromagnetic_energy: '电磁能',
  aerospace: '空天',
  new_materials: '新材料',
  life_health: '生命健康',
  supercomputing: '超级计算',
  other: '其他',
} as const;
export type TechField = keyof typeof techFields;
export const techFieldIds = /* @__PURE__ */ Object.keys(techFields) as [TechField, ...TechField[]];

/** §二(四): stages, their typical TRL range and the platform kinds each is matched to. */
export const stages = {
  gestation: { zh: '孕育期', trl: [1, 3], platformKinds: ['concept_verification_center'] },
  sprouting: { zh: '萌芽期', trl: [4, 6], platformKinds: ['pilot_platform'] },
  growth: { zh: '成长期', trl: [7, 9], platformKinds: ['finance', 'landing_park'] },
} as const;
export type Stage = keyof typeof stages;
export const stageIds = /* @__PURE__ */ Object.keys(stages) as [Stage, ...Stage[]];

export const platformKinds = {
  concept_verification_center: '概念验证中心',
  pilot_platform: '中试平台',
  finance: '金融资源',
  landing_park: '落地园区',
} as const;
export type PlatformKind = keyof typeof platformKinds;
export const platformKindIds = /* @__PURE__ */ Object.keys(platformKinds) as [
  PlatformKind,
  ...PlatformKind[],
];

/** §二(四): the seven evaluation dimensions. */
export const dimensions = {
  demand: '需求强烈',
  disruptiveness: '技术颠覆',
  producibility: '生产可行',
  plan: '方案合理',
  capability: '能力匹配',
  returns: '收益满意',
  risk: '风险适当',
} as const;
export type Dimension = keyof typeof dimensions;

/** Who may call the API; every API key carries exactly one role and an owner id. */
export const roles = {
  staff: '武汉中心工作人员',
  partner: '推荐单位',
  commissioner: '项目专员',
  expert: '专家库专家',
  platform: '平台',
  fund_manager: '股权投资管理机构',
} as const;
export type Role = keyof typeof roles;
export const roleIds = /* @__PURE__ */ Object.keys(roles) as [Role, ...Role[]];

/** A declared stage that disagrees with the declared TRL is flagged for the commissioner, not rejected (§二(四)). */
export function stageMatchesTrl(stage: Stage, trl: number | undefined): boolean {
  if (trl === undefined) return true;
  const [low, high] = stages[stage].trl;
  return trl >= low && trl <= high;
}
