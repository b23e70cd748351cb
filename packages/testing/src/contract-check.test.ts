import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../services/meta/openapi-document.js';
import { ContractViolation, checkerOf } from './contract-check.js';

// The document the API serves, as the meta function builds it.
const checker = checkerOf(openApiDocument() as unknown as Parameters<typeof checkerOf>[0]);
const problemHeaders = { 'content-type': 'application/problem+json', 'x-correlation-id': 'c-1' };
const notFound = {
  type: 'https://wuhan-disruptive-tech.github.io/problems/not-found',
  title: 'Not found',
  status: 404,
};

describe('the contract check run on every integration answer', () => {
  it('accepts a declared status whose body matches its schema', () => {
    expect(() =>
      checker.check({
        method: 'GET',
        path: '/v1/projects/prj_01JABCDEFGHJKMNPQRSTVWXYZ0',
        status: 404,
        headers: problemHeaders,
        json: notFound,
      }),
    ).not.toThrow();
  });

  it('refuses a status the operation does not declare', () => {
    expect(() =>
      checker.check({
        method: 'GET',
        path: '/v1/health',
        status: 404,
        headers: problemHeaders,
        json: notFound,
      }),
    ).toThrow(ContractViolation);
  });

  it('refuses a body with a field the schema does not have', () => {
    expect(() =>
      checker.check({
        method: 'GET',
        path: '/v1/health',
        status: 200,
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'c-1' },
        json: { status: 'ok', checks: { table: 'ok', queues: {} }, secret: 'x' },
      }),
    ).toThrow(/does not match/);
  });

  it('refuses a problem of a type not declared for that status', () => {
    expect(() =>
      checker.check({
        method: 'GET',
        path: '/v1/projects/prj_01JABCDEFGHJKMNPQRSTVWXYZ0',
        status: 404,
        headers: problemHeaders,
        json: { ...notFound, type: 'https://wuhan-disruptive-tech.github.io/problems/conflict' },
      }),
    ).toThrow(ContractViolation);
  });

  it('refuses an answer without X-Correlation-Id', () => {
    expect(() =>
      checker.check({
        method: 'GET',
        path: '/v1/projects/prj_01JABCDEFGHJKMNPQRSTVWXYZ0',
        status: 404,
        headers: { 'content-type': 'application/problem+json' },
        json: notFound,
      }),
    ).toThrow(/X-Correlation-Id/);
  });

  it('leaves API Gateway’s own 404 for a path no route matches alone', () => {
    expect(() =>
      checker.check({
        method: 'GET',
        path: '/v1/nothing',
        status: 404,
        headers: {},
        json: { message: 'Not Found' },
      }),
    ).not.toThrow();
  });
});
