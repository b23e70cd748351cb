import { gzipSync } from 'node:zlib';
import { newProject, type ProjectDescription } from '@wuhan/domain';
import { describe, expect, it } from 'vitest';
import { keys } from '../keys.js';
import { projectPut, projectView } from './items.js';
import { parseProject } from './repository.js';
import { projectSummaryFromItem, storedSummary } from './summary.js';

/**
 * Issue 13, write units: a new project item stores its summary gzip'd when that is smaller; every reader gets the
 * same text, and the same answer bytes, from an item written either way (items written before the change keep
 * `summary` as text in a deployed table).
 */

/** A real-looking abstract: no sentence repeats, so gzip gains only what Chinese UTF-8 itself allows. */
const abstract = [
  '本项目针对新一代柔性显示面板对高效率、长寿命蓝光发光材料的迫切需求，围绕钙钛矿纳米晶的表面缺陷钝化与界面能级调控开展系统研究。',
  '团队提出以双功能配体原位包覆的策略，在室温条件下同步抑制卤素离子迁移和非辐射复合，使器件外量子效率提升至百分之二十一以上。',
  '在材料制备方面，我们建立了微流控连续合成工艺，单批次产量达到公斤级，原料成本约为进口量子点材料的三分之一。',
  '目前已在华中地区两家面板企业的中试线上完成六英寸样品验证，弯折半径三毫米条件下循环十万次后性能衰减小于百分之八。',
  '下一步计划与东湖高新区的显示产业链企业共建联合实验室，完成八点五代线工艺适配，力争三年内实现量产导入。',
].join('\n');

const description: ProjectDescription = {
  title: '钙钛矿蓝光发光材料及柔性显示器件',
  summary: abstract,
  techField: 'future_display',
  stage: 'sprouting',
  trl: 5,
  leadOrganization: '华中科技大学',
  teamLead: { name: '李明', email: 'liming@hust.edu.cn' },
  district: 'east_lake_hitech',
};
const now = new Date('2026-11-30T06:00:00Z');

const project = (summary: string) => newProject('prj_1', { ...description, summary }, 'com-elh-a', now);

/** The item a new project is written as today. */
const writtenItem = (summary: string) => projectPut('main', project(summary)).Put?.Item ?? {};

/**
 * The same project as an item written before the change, as `projectPut` built it then: the summary a string
 * attribute in the description's place (second), not after the other fields as the gzip'd form now is.
 */
const itemFromBefore = (summary: string): Record<string, unknown> => ({
  ...keys.project('prj_1'),
  ...keys.projectListing('prj_1', 'nominated', description.district),
  entity: 'project',
  ...project(summary),
  version: 1,
});

describe('storedSummary', () => {
  it("stores a long abstract gzip'd, in fewer bytes than its UTF-8", () => {
    const stored = storedSummary(abstract);

    expect(stored).not.toHaveProperty('summary');
    const packed = 'summaryGz' in stored ? stored.summaryGz : new Uint8Array();
    expect(packed.byteLength).toBeLessThan(Buffer.byteLength(abstract) * 0.75);
  });

  it('keeps a short summary as text, where gzip would add bytes', () => {
    expect(storedSummary('研发高效稳定的钙钛矿发光材料。')).toEqual({
      summary: '研发高效稳定的钙钛矿发光材料。',
    });
    expect(storedSummary('')).toEqual({ summary: '' });
  });
});

describe('projectSummaryFromItem', () => {
  it('gives the text back exactly, from either form, and leaves every other attribute as it was', () => {
    const text = `${abstract}\n\t末行 with ASCII, emoji 🚀 and a tab.`;
    const fromNew = projectSummaryFromItem(writtenItem(text));
    const fromOld = projectSummaryFromItem(itemFromBefore(text));

    expect(fromNew.summary).toBe(text);
    expect(fromNew).not.toHaveProperty('summaryGz');
    expect(fromNew).toEqual(fromOld);
  });

  it('prefers the text when an item holds both (it never should: the text is what a reader could trust)', () => {
    const item = { summary: '文本', summaryGz: gzipSync(Buffer.from('别的')) };
    expect(projectSummaryFromItem(item).summary).toBe('文本');
  });

  it('fails loudly on a damaged gzip value instead of reading other text', () => {
    const packed = gzipSync(Buffer.from(abstract));
    packed[packed.length - 6] = (packed[packed.length - 6] ?? 0) ^ 0xff; // inside the CRC32 trailer
    expect(() => projectSummaryFromItem({ summaryGz: packed })).toThrow();
  });

  it('names the attribute when it is not bytes (an item that went through JSON), not a missing summary', () => {
    const asJson = JSON.parse(
      JSON.stringify({ pk: 'PROJECT#prj_1', summaryGz: gzipSync(Buffer.from(abstract)) }),
    );
    expect(() => projectSummaryFromItem(asJson)).toThrow(/summaryGz of PROJECT#prj_1 is not bytes/);
  });
});

describe('a project read back', () => {
  it.each([
    ['a long abstract', abstract],
    ['a short summary', '研发高效稳定的钙钛矿发光材料。'],
  ])('%s: the same project, and the same answer bytes, from an item written now or before', (_name, text) => {
    const now = parseProject(writtenItem(text));
    const before = parseProject(itemFromBefore(text));

    expect(Object.keys(itemFromBefore(text)).indexOf('summary')).toBeLessThan(
      Object.keys(itemFromBefore(text)).indexOf('techField'),
    );
    expect(now.summary).toBe(text);
    expect(now).toEqual(before);
    // GET /v1/projects/{id} answers JSON.stringify of the view: the field order comes from the record's schema.
    expect(JSON.stringify(projectView(now))).toBe(JSON.stringify(projectView(before)));
  });
});
