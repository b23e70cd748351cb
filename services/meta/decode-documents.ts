import { brotliDecompressSync } from 'node:zlib';

export interface ServedDocuments {
  openapi: Record<string, unknown>;
  asyncapi: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDocuments(value: unknown): value is ServedDocuments {
  return isRecord(value) && isRecord(value.openapi) && isRecord(value.asyncapi);
}

/**
 * The generated documents' form (api-documents.generated.ts, written by scripts/api-documents.ts): base64 of
 * brotli-compressed JSON of `{ openapi, asyncapi }`, ≈ 21 KB for ≈ 470 KB of JSON, so the bundle stays small and
 * its init reads one string literal. Kept apart from the generated module so the generator can read a stale or
 * damaged copy without importing it.
 */
export function decodeDocuments(compressed: string): ServedDocuments {
  const json = brotliDecompressSync(Buffer.from(compressed, 'base64')).toString('utf8');
  const parsed: unknown = JSON.parse(json);
  if (!isDocuments(parsed)) throw new Error('The generated API documents are not { openapi, asyncapi }');
  return parsed;
}
