/**
 * Domain errors. Each carries a stable code; only `api/errors.ts` maps them to HTTP
 * problem responses and only `cli/output.ts` maps them to exit codes.
 */

export interface FieldIssue {
  /** JSON pointer-like path of the offending field, e.g. `/events/3/email`. */
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Input that breaks a rule; `issues` names every bad field. */
export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
  readonly status = 422;
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = [], details: Record<string, unknown> = {}) {
    super(message, details);
    this.issues = issues;
  }

  static field(path: string, message: string): ValidationError {
    return new ValidationError(`${path}: ${message}`, [{ path, message }]);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  readonly status = 404;

  constructor(entity: string, id: string) {
    super(`${entity} ${id} was not found`, { entity, id });
  }
}

/** The request contradicts the current state (a forbidden transition, a duplicate). */
export class ConflictError extends DomainError {
  readonly code: string;
  readonly status = 409;

  constructor(message: string, code = 'conflict', details: Record<string, unknown> = {}) {
    super(message, details);
    this.code = code;
  }
}

/** A unique value already taken: a 409 that names the field like a validation issue. */
export function duplicate(path: string, message: string): ConflictError {
  return new ConflictError(`${path}: ${message}`, 'duplicate', { errors: [{ path, message }] });
}

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
  readonly status = 401;
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  readonly status = 403;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
