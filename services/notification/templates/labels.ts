import {
  type District,
  districts,
  type Locale,
  type Stage,
  stages,
  type TechField,
  techFields,
} from '@wuhan/domain';

/**
 * What people read instead of identifiers. Chinese comes from the domain vocabulary (one source of truth);
 * English lives here because only email shows it. An identifier not in a list (a field added later) shows as is.
 */
const districtsEn: Record<District, string> = {
  jiangan: "Jiang'an District",
  jianghan: 'Jianghan District',
  qiaokou: 'Qiaokou District',
  hanyang: 'Hanyang District',
  wuchang: 'Wuchang District',
  qingshan: 'Qingshan District',
  hongshan: 'Hongshan District',
  dongxihu: 'Dongxihu District',
  hannan: 'Hannan District',
  caidian: 'Caidian District',
  jiangxia: 'Jiangxia District',
  huangpi: 'Huangpi District',
  xinzhou: 'Xinzhou District',
  east_lake_hitech: 'East Lake High-tech Zone',
  wuhan_econ_dev: 'Wuhan Economic Development Zone',
  changjiang_new_area: 'Changjiang New Area',
};

const techFieldsEn: Record<TechField, string> = {
  future_display: 'Future display',
  biomanufacturing: 'Bio-manufacturing',
  advanced_semiconductors: 'Advanced semiconductors',
  next_gen_mobile_comms: 'Next-generation mobile communications',
  artificial_intelligence: 'Artificial intelligence',
  quantum: 'Quantum technology',
  brain_science: 'Brain science and brain-inspired computing',
  hydrogen_energy: 'Hydrogen energy',
  electromagnetic_energy: 'Electromagnetic energy',
  aerospace: 'Aerospace',
  new_materials: 'New materials',
  life_health: 'Life and health',
  supercomputing: 'Supercomputing',
  other: 'Other',
};

const stagesEn: Record<Stage, string> = { gestation: 'Gestation', sprouting: 'Sprouting', growth: 'Growth' };

function lookup<K extends string>(
  zh: Record<K, string>,
  en: Record<K, string>,
  id: string | undefined,
  locale: Locale,
) {
  if (id === undefined) return undefined;
  const table = locale === 'en' ? en : zh;
  return (table as Record<string, string>)[id] ?? id;
}

export const labels = {
  district: (id: string | undefined, locale: Locale) => lookup(districts, districtsEn, id, locale),
  techField: (id: string | undefined, locale: Locale) => lookup(techFields, techFieldsEn, id, locale),
  stage: (id: string | undefined, locale: Locale) =>
    lookup(
      Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, v.zh])) as Record<Stage, string>,
      stagesEn,
      id,
      locale,
    ),
};
