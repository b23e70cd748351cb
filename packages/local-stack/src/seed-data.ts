import type { Profile } from '@wuhan/domain';
import type { PlatformSpec } from '@wuhan/topology';

/**
 * Stable, id-shaped ids for the demo people (time part zero, then SEED and a number), so a restart over
 * persisted data and `.local/credentials.json` keep pointing at the same profiles.
 */
export function seedId(prefix: string, n: number): string {
  return `${prefix}_0000000000SEED${String(n).padStart(12, '0')}`;
}

const mail = (local: string) => `${local}@example.wuhan.local`;

/** The demo cast: staff, partners of several kinds, commissioners in several districts, experts, a fund manager. */
export function demoProfiles(platforms: readonly PlatformSpec[]): Profile[] {
  return [
    {
      role: 'staff',
      id: seedId('stf', 1),
      name: '王敏',
      email: mail('wang.min'),
      locale: 'zh-CN',
      organization: '武汉中心',
    },
    {
      role: 'staff',
      id: seedId('stf', 2),
      name: 'Li Na',
      email: mail('li.na'),
      locale: 'en',
      organization: '武汉中心',
    },
    {
      role: 'partner',
      id: seedId('ptn', 1),
      name: '武汉大学科学技术发展研究院',
      partnerType: 'university',
      email: mail('whu'),
      locale: 'zh-CN',
      organization: '武汉大学',
    },
    {
      role: 'partner',
      id: seedId('ptn', 2),
      name: '华中科技大学科学技术发展院',
      partnerType: 'university',
      email: mail('hust'),
      locale: 'zh-CN',
      organization: '华中科技大学',
    },
    {
      role: 'partner',
      id: seedId('ptn', 3),
      name: '湖北光谷实验室',
      partnerType: 'hubei_lab',
      email: mail('optics-valley-lab'),
      locale: 'zh-CN',
      organization: '湖北光谷实验室',
    },
    {
      role: 'partner',
      id: seedId('ptn', 4),
      name: '长江创新投资',
      partnerType: 'vc_firm',
      email: mail('changjiang-vc'),
      locale: 'zh-CN',
      organization: '长江创新投资有限公司',
    },
    {
      role: 'partner',
      id: seedId('ptn', 5),
      name: '东湖高新区科技创新局',
      partnerType: 'district_office',
      email: mail('ehtz-office'),
      locale: 'zh-CN',
      organization: '东湖高新区管委会',
    },
    {
      role: 'partner',
      id: seedId('ptn', 6),
      name: '中国科学院武汉分院',
      partnerType: 'research_institute',
      email: mail('cas-wuhan'),
      locale: 'zh-CN',
      organization: '中国科学院武汉分院',
    },
    {
      role: 'commissioner',
      id: seedId('com', 1),
      name: '陈磊',
      district: 'east_lake_hitech',
      openProjects: 0,
      email: mail('chen.lei'),
      locale: 'zh-CN',
    },
    {
      role: 'commissioner',
      id: seedId('com', 2),
      name: '刘洋',
      district: 'east_lake_hitech',
      openProjects: 0,
      email: mail('liu.yang'),
      locale: 'zh-CN',
    },
    {
      role: 'commissioner',
      id: seedId('com', 3),
      name: '赵静',
      district: 'hongshan',
      openProjects: 0,
      email: mail('zhao.jing'),
      locale: 'zh-CN',
    },
    {
      role: 'commissioner',
      id: seedId('com', 4),
      name: '孙伟',
      district: 'wuchang',
      openProjects: 0,
      email: mail('sun.wei'),
      locale: 'zh-CN',
    },
    {
      role: 'commissioner',
      id: seedId('com', 5),
      name: '周芳',
      district: 'jiangxia',
      openProjects: 0,
      email: mail('zhou.fang'),
      locale: 'zh-CN',
    },
    {
      role: 'expert',
      id: seedId('exp', 1),
      name: '张建国',
      organization: '武汉大学',
      techFields: ['future_display', 'new_materials'],
      email: mail('zhang.jianguo'),
      locale: 'zh-CN',
    },
    {
      role: 'expert',
      id: seedId('exp', 2),
      name: '黄晓明',
      organization: '华中科技大学',
      techFields: ['advanced_semiconductors', 'artificial_intelligence'],
      email: mail('huang.xiaoming'),
      locale: 'zh-CN',
    },
    {
      role: 'expert',
      id: seedId('exp', 3),
      name: '吴丽',
      organization: '中国科学院武汉病毒研究所',
      techFields: ['biomanufacturing', 'life_health'],
      email: mail('wu.li'),
      locale: 'zh-CN',
    },
    {
      role: 'expert',
      id: seedId('exp', 4),
      name: 'David Chen',
      organization: '武汉理工大学',
      techFields: ['next_gen_mobile_comms', 'quantum'],
      email: mail('david.chen'),
      locale: 'en',
    },
    ...platforms.map(
      (p, i): Profile => ({
        role: 'platform',
        id: seedId('plt', i + 1),
        platformId: p.id,
        kind: p.kind,
        name: p.name,
        email: mail(`platform.${p.id}`),
        locale: 'zh-CN',
        organization: p.name,
      }),
    ),
    {
      role: 'fund_manager',
      id: seedId('fnd', 1),
      name: '武汉创新投资管理有限公司',
      email: mail('fund.manager'),
      locale: 'zh-CN',
      organization: '武汉创新投资管理有限公司',
    },
  ];
}
