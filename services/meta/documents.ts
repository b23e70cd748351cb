import { compressedDocuments } from './api-documents.generated.js';
import { decodeDocuments, type ServedDocuments } from './decode-documents.js';

let documents: ServedDocuments | undefined;

/**
 * The documents generated from the contract at build time, decompressed at the first request for one (not at
 * init: health checks never pay for it) and kept for the process.
 */
export function servedDocuments(): ServedDocuments {
  documents ??= decodeDocuments(compressedDocuments);
  return documents;
}
