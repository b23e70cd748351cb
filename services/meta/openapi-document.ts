import { servedDocuments } from './documents.js';

const documents = new Map<string, Record<string, unknown>>();

/**
 * The OpenAPI document for the address it was requested at (once per address per process): the document
 * generated from the contract at build time, with `servers` naming this deployment.
 */
export function openApiDocument(serverUrl = '/'): Record<string, unknown> {
  let document = documents.get(serverUrl);
  if (!document) {
    document = {
      ...servedDocuments().openapi,
      servers: [{ url: serverUrl, description: 'This deployment' }],
    };
    documents.set(serverUrl, document);
  }
  return document;
}

/** The platforms' AsyncAPI document, generated from the contract at build time. */
export function asyncApiDocument(): Record<string, unknown> {
  return servedDocuments().asyncapi;
}
