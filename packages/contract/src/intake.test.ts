import { fieldErrors } from '@wuhan/middleware';
import { describe, expect, it } from 'vitest';
import { creditCode, milestoneBody, nominationBody, projectsQuery } from './intake.js';

const valid = {
  title: '基于钙钛矿的柔性显示关键材料',
  summary: '研发高效稳定的钙钛矿发光材料。\n\t已完成实验室验证。',
  techField: 'future_display',
  stage: 'gestation',
  trl: 3,
  leadOrganization: '华中科技大学',
  teamLead: { name: '李明', email: 'liming@hust.edu.cn' },
  district: 'east_lake_hitech',
};

/** The field paths a body is refused for, as the problem+json would name them. */
function refusedFields(body: unknown): string[] {
  const parsed = nominationBody.safeParse(body);
  return parsed.success ? [] : fieldErrors(parsed.error, 'body').map((e) => e.field);
}

describe('nomination body', () => {
  it('accepts a Chinese nomination with every optional part', () => {
    const full = {
      ...valid,
      teamLead: { ...valid.teamLead, phone: '+86 27-8754 0000' },
      fundingNeedFen: 0,
      nationalProject: {
        programme: 'national_key_rnd_disruptive',
        enterpriseLed: true,
        approvedFen: 10_000_000,
      },
      competition: { year: 2025, prizeTier: '一等奖' },
      attachments: [{ name: '计划书.pdf', url: 'https://example.cn/计划书.pdf' }],
      sourceChannel: 'public_call',
    };
    expect(nominationBody.safeParse(full).success).toBe(true);
  });

  it.each([
    ['an unknown field, named', { ...valid, colour: 'red' }, 'body.colour'],
    [
      'an unknown nested field',
      { ...valid, teamLead: { ...valid.teamLead, wechat: 'x' } },
      'body.teamLead.wechat',
    ],
    ['a missing title', { ...valid, title: undefined }, 'body.title'],
    ['a wrong type', { ...valid, trl: '3' }, 'body.trl'],
    ['TRL 0', { ...valid, trl: 0 }, 'body.trl'],
    ['TRL 10', { ...valid, trl: 10 }, 'body.trl'],
    ['a fractional TRL', { ...valid, trl: 3.5 }, 'body.trl'],
    ['an empty title', { ...valid, title: '' }, 'body.title'],
    ['a whitespace-only title', { ...valid, title: ' \u3000 ' }, 'body.title'],
    ['a title over 200 characters', { ...valid, title: '题'.repeat(201) }, 'body.title'],
    ['a summary over 5000 characters', { ...valid, summary: '述'.repeat(5001) }, 'body.summary'],
    ['a line feed in the title', { ...valid, title: '第一行\n第二行' }, 'body.title'],
    ['an escape in the summary', { ...valid, summary: '摘要\u001b[31m' }, 'body.summary'],
    ['NUL in the organisation', { ...valid, leadOrganization: '华科\u0000' }, 'body.leadOrganization'],
    ['an unknown district', { ...valid, district: 'shanghai' }, 'body.district'],
    ['an unknown field of technology', { ...valid, techField: 'blockchain' }, 'body.techField'],
    ['an unknown stage', { ...valid, stage: 'mature' }, 'body.stage'],
    ['a bad email', { ...valid, teamLead: { name: '李明', email: 'not-an-email' } }, 'body.teamLead.email'],
    ['negative funding', { ...valid, fundingNeedFen: -1 }, 'body.fundingNeedFen'],
    ['fractional fen', { ...valid, fundingNeedFen: 1.5 }, 'body.fundingNeedFen'],
    [
      'an http attachment',
      { ...valid, attachments: [{ name: 'a', url: 'http://example.cn/a.pdf' }] },
      'body.attachments.0.url',
    ],
    [
      'a malformed attachment URL',
      { ...valid, attachments: [{ name: 'a', url: 'https://' }] },
      'body.attachments.0.url',
    ],
    [
      'a javascript: attachment',
      { ...valid, attachments: [{ name: 'a', url: 'javascript:alert(1)' }] },
      'body.attachments.0.url',
    ],
    // Issue 12, defect 8.
    [
      'an attachment URL with a user name and password',
      { ...valid, attachments: [{ name: 'a', url: 'https://user:secret@example.cn/a.pdf' }] },
      'body.attachments.0.url',
    ],
    [
      'an attachment URL with a user name only',
      { ...valid, attachments: [{ name: 'a', url: 'https://token@example.cn/a.pdf' }] },
      'body.attachments.0.url',
    ],
    ['a title of only zero-width spaces', { ...valid, title: '\u200B\u200B' }, 'body.title'],
    ['a title of a word joiner and a mark', { ...valid, title: '\u2060\u200E' }, 'body.title'],
    ['a title of Hangul fillers', { ...valid, title: '\u3164\u3164' }, 'body.title'],
    [
      'a name of a soft hyphen',
      { ...valid, teamLead: { ...valid.teamLead, name: '\u00AD' } },
      'body.teamLead.name',
    ],
    // Issue 12, defect 2 (the edge refuses these before the schema; the schema says so too).
    ['U+FFFF in the title', { ...valid, title: '标题\uFFFF' }, 'body.title'],
    ['a lone surrogate in the summary', { ...valid, summary: '摘要\uD800' }, 'body.summary'],
    [
      'a partner type that is no staff channel',
      { ...valid, sourceChannel: 'university' },
      'body.sourceChannel',
    ],
  ])('refuses %s', (_case, body, field) => {
    expect(refusedFields(body)).toContain(field);
  });

  it('accepts astral characters in real names and titles (CJK Extension B, emoji)', () => {
    expect(
      nominationBody.safeParse({
        ...valid,
        title: '𠀀 柔性显示 🚀',
        teamLead: { ...valid.teamLead, name: '𠀀明' },
      }).success,
    ).toBe(true);
  });

  it('names every failing field at once', () => {
    expect(refusedFields({ ...valid, trl: 10, district: 'x', extra: 1 })).toEqual(
      expect.arrayContaining(['body.trl', 'body.district', 'body.extra']),
    );
  });
});

describe('milestone body', () => {
  it('accepts each kind', () => {
    for (const body of [
      {
        type: 'enterprise_landed',
        enterpriseName: '武汉柔显科技有限公司',
        creditCode: '91440300708461136T',
        district: 'east_lake_hitech',
        date: '2026-05-20',
      },
      { type: 'national_library_entered', date: '2026-06-01', reference: '国科发〔2026〕12号' },
      { type: 'stage_changed', stage: 'sprouting', trl: 5, reason: '完成概念验证' },
    ]) {
      expect(milestoneBody.safeParse(body).success).toBe(true);
    }
  });

  it('refuses a credit code with a wrong check digit, naming the field', () => {
    const parsed = milestoneBody.safeParse({
      type: 'enterprise_landed',
      enterpriseName: '某公司',
      creditCode: '91440300708461136U',
      district: 'wuchang',
      date: '2026-05-20',
    });
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(fieldErrors(parsed.error, 'body')).toEqual([
        expect.objectContaining({
          field: 'body.creditCode',
          message: expect.stringMatching(/check character/),
        }),
      ]);
    }
  });

  it('refuses an impossible date and an unknown milestone type', () => {
    expect(
      milestoneBody.safeParse({ type: 'national_library_entered', date: '2026-02-30', reference: 'x' })
        .success,
    ).toBe(false);
    expect(milestoneBody.safeParse({ type: 'ipo', date: '2026-02-01' }).success).toBe(false);
  });

  it('upper-cases a credit code before checking it', () => {
    expect(creditCode.parse(' 91440300708461136t ')).toBe('91440300708461136T');
  });
});

describe('project listing query', () => {
  it('coerces the limit and refuses unknown filters', () => {
    expect(projectsQuery.parse({ limit: '5', status: 'nominated' })).toEqual({
      limit: 5,
      status: 'nominated',
    });
    expect(projectsQuery.safeParse({ owner: 'x' }).success).toBe(false);
    expect(projectsQuery.safeParse({ limit: '0' }).success).toBe(false);
  });
});
