import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

/**
 * Where one stream consumer got to: the last sequence number it handled per shard, kept in a JSON file so that
 * a restart resumes AFTER it instead of at LATEST (which silently skipped every outbox row committed while the
 * stack was down or stopping). At-least-once: the file is written after a batch is handled, so a crash between
 * the two replays that batch, and the consumers de-duplicate.
 */
export interface StreamPositions {
  /** The last handled sequence number of each shard seen on this stream (empty: nothing seen yet). */
  load(streamArn: string): ReadonlyMap<string, string>;
  save(streamArn: string, shardId: string, sequenceNumber: string): void;
}

const fileSchema = z.object({
  streamArn: z.string(),
  shards: z.record(z.string(), z.string()),
});

/**
 * One file per consumer. The positions belong to one stream: a table recreated under the same name has a new
 * stream ARN, and positions of the old one are ignored rather than applied to unrelated shards.
 */
export class FileStreamPositions implements StreamPositions {
  private streamArn: string | undefined;
  private shards = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  load(streamArn: string): ReadonlyMap<string, string> {
    this.streamArn = streamArn;
    this.shards = new Map();
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return this.shards;
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      // A damaged file costs a replay from the trim horizon (de-duplicated), never a loss.
      this.log(`stream positions: ignoring unreadable ${this.file}`);
      return this.shards;
    }
    if (parsed.data.streamArn === streamArn) this.shards = new Map(Object.entries(parsed.data.shards));
    return this.shards;
  }

  save(streamArn: string, shardId: string, sequenceNumber: string): void {
    if (this.streamArn !== streamArn) this.load(streamArn);
    this.shards.set(shardId, sequenceNumber);
    const content = `${JSON.stringify({ streamArn, shards: Object.fromEntries(this.shards) }, null, 2)}\n`;
    // Write then rename: a stop (or a crash) mid-write leaves the previous file, not half of one.
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, content);
    renameSync(temporary, this.file);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
