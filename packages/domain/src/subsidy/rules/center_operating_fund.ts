import { percent, shareOf, wan, yuan } from '../money.js';
import type { RuleFinish, SubsidyRule } from './rule.js';

const CLAUSE = '§二(一)';

/**
 * §二(一): “每年给予武汉中心1000万元运行经费，市级与东湖高新区各承担50%”. The year's amount is bounded by its own
 * year cap (a second claim for a year finds it used); the city's share is rounded down and 东湖高新区 takes the
 * rest, so the two shares always add up to the award.
 */
export const centerOperatingFund: SubsidyRule<'center_operating_fund'> = {
  subsidyType: 'center_operating_fund',
  clause: CLAUSE,
  zh: '武汉颠覆性技术创新中心运行经费',
  en: 'Annual operating fund of the Wuhan disruptive-technology innovation centre',
  parameterGroup: 'centerOperatingFund',

  caps(input, { parameters }) {
    const p = parameters.centerOperatingFund;
    return [
      {
        key: `center_operating_fund#year:${input.year}`,
        step: 'year_cap',
        clause: CLAUSE,
        zh: `每年${wan(p.annualFen)}元运行经费（${input.year}年）`,
        en: `${yuan(p.annualFen)} operating fund for ${input.year}`,
        limitFen: p.annualFen,
      },
    ];
  },

  evaluate(input, { parameters }) {
    const p = parameters.centerOperatingFund;
    return {
      reasons: [],
      trace: [
        {
          step: 'annual_amount',
          clause: CLAUSE,
          zh: `每年给予武汉中心${wan(p.annualFen)}元运行经费`,
          en: `${yuan(p.annualFen)} a year for the Wuhan centre`,
          inputs: { year: input.year, annualFen: p.annualFen },
          resultFen: p.annualFen,
        },
      ],
      baseFen: p.annualFen,
    };
  },

  finish(awardFen, _input, { parameters }): RuleFinish {
    const p = parameters.centerOperatingFund;
    const cityFen = shareOf(awardFen, p.cityShareBp);
    const eastLakeHitechFen = awardFen - cityFen;
    return {
      shares: { cityFen, eastLakeHitechFen },
      trace: [
        {
          step: 'city_share',
          clause: CLAUSE,
          zh: `市级承担${percent(p.cityShareBp)}，向下取整到分`,
          en: `The city pays ${percent(p.cityShareBp)}, rounded down to the fen`,
          inputs: { awardFen, cityShareBp: p.cityShareBp },
          resultFen: cityFen,
        },
        {
          step: 'east_lake_hitech_share',
          clause: CLAUSE,
          zh: `东湖高新区承担其余部分（${percent(p.eastLakeHitechShareBp)}）`,
          en: `东湖高新区 pays the rest (${percent(p.eastLakeHitechShareBp)})`,
          inputs: { awardFen, cityFen, eastLakeHitechShareBp: p.eastLakeHitechShareBp },
          resultFen: eastLakeHitechFen,
        },
      ],
    };
  },
};
