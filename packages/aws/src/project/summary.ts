import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * A project's summary as its item stores it (issue 13, write units). The summary is most of a project item: an
 * abstract of 600–900 Chinese characters is 1.8–2.7 KB of UTF-8 (3 bytes a character), which put the item of
 * every new project over 2 KB, and a transactional write costs 2 WRU per started KB of each item. Gzip'd into a
 * Binary attribute, as DynamoDB's guidance for large attributes suggests, the same text is about a third smaller
 * (a non-repetitive abstract of 1,530 bytes: 1,041), and the item stays within 2 KB.
 *
 * The summary is written once, by the nomination that creates the project, and nothing changes it later; no
 * index projects it, and every reader of a project item goes through `projectSummaryFromItem` (repository.ts).
 * An item holds one of the two attributes: items written before this change, and new ones whose summary is too
 * short for gzip to save bytes, keep the text in `summary`.
 */

/** The Binary attribute holding the gzip'd UTF-8 summary; internal to the table (no reader sees the name). */
export const SUMMARY_GZIP_ATTRIBUTE = 'summaryGz';

/** The attribute(s) a new project item stores its summary in: gzip'd when that is smaller than the text. */
export function storedSummary(summary: string): { summary: string } | { summaryGz: Uint8Array } {
  const text = Buffer.from(summary, 'utf8');
  const packed = gzipSync(text, { level: 9 });
  // The attribute's name counts too: `summaryGz` is two bytes longer than `summary`.
  return packed.byteLength + 2 < text.byteLength ? { summaryGz: packed } : { summary };
}

/**
 * A project item with its summary as text, whichever way it was stored: `summary` as it is (items from before,
 * short summaries), else `summaryGz` unpacked (gunzip checks the CRC, so a damaged value fails loudly rather
 * than reading as other text). The attribute order of the item does not matter: the record's schema orders the
 * parsed project's fields, so answers are the same bytes either way.
 */
export function projectSummaryFromItem(item: Record<string, unknown>): Record<string, unknown> {
  const { [SUMMARY_GZIP_ATTRIBUTE]: packed, ...rest } = item;
  if (typeof rest.summary === 'string' || packed === undefined) return item;
  if (!(packed instanceof Uint8Array)) {
    // Only the document client's reads give a Binary attribute as bytes: an item that went through JSON (an
    // export, a stream image) has it in another form. Say so, rather than fail later as a missing summary.
    throw new TypeError(
      `${SUMMARY_GZIP_ATTRIBUTE} of ${String(item.pk)} is not bytes (${typeof packed}): read the item with the document client`,
    );
  }
  return { ...rest, summary: gunzipSync(packed).toString('utf8') };
}
