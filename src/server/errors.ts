import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

/** A message for one input field, shown by the UI beside that field. */
export interface FieldError {
  field: string;
  message: string;
}

/** The few errors use cases throw; each maps to one HTTP status, its message is for people (Chinese). */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Also used for rows outside the actor's scope, so that their existence does not leak. */
export class NotFound extends AppError {
  /** `field` names the input that referred to the missing record, for the form to show it there. */
  constructor(what = '记录', field?: string) {
    const message = `${what}不存在或无权访问`;
    super(404, message, field ? [{ field, message }] : []);
  }
}
export class Unauthorized extends AppError {
  constructor(message = '请先登录') {
    super(401, message);
  }
}
export class Forbidden extends AppError {
  constructor(message = '没有权限执行此操作') {
    super(403, message);
  }
}
export class Invalid extends AppError {
  constructor(message: string, fields: FieldError[] = []) {
    super(400, message, fields);
  }
  static field(field: string, message: string) {
    return new Invalid(message, [{ field, message }]);
  }
}
export class Conflict extends AppError {
  constructor(message: string, fields: FieldError[] = []) {
    super(409, message, fields);
  }
}
export class TooManyRequests extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, message, [], { retryAfterSeconds });
  }
}

/**
 * Database constraints are the truth for uniqueness and references; this maps their names to the
 * message a person should read. Modules register their constraints at load.
 */
const constraintMessages = new Map<string, FieldError>();
export function registerConstraintMessage(constraint: string, field: string, message: string) {
  constraintMessages.set(constraint, { field, message });
}

interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
  cause?: unknown;
}

/** Finds the PostgreSQL error under driver wrappers (drizzle wraps it in `cause`). */
export function pgErrorOf(err: unknown): PgError | undefined {
  let e = err as PgError | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e;
    e = e.cause as PgError | undefined;
  }
  return undefined;
}

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error instanceof TooManyRequests) reply.header('retry-after', String(error.extra.retryAfterSeconds));
      return reply.status(error.status).send({ message: error.message, fields: error.fields, ...error.extra });
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // Contract schemas carry Chinese messages that name their field (see shared/contract.ts).
      const fields = error.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: v.message ?? '格式不正确',
      }));
      return reply.status(400).send({ message: fields[0]?.message ?? '提交的内容有误', fields });
    }
    const pgErr = pgErrorOf(error);
    if (pgErr?.code === '23505' || pgErr?.code === '23503' || pgErr?.code === '23514' || pgErr?.code === '23P01') {
      const known = pgErr.constraint ? constraintMessages.get(pgErr.constraint) : undefined;
      if (known) return reply.status(409).send({ message: known.message, fields: [known] });
      request.log.warn({ err: error }, 'unmapped constraint violation');
      return reply.status(409).send({ message: '与已有数据冲突，请检查后重试', fields: [] });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
      return reply.status(500).send({ message: '服务器内部错误，请稍后重试', fields: [] });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ message: '服务器内部错误，请稍后重试', fields: [] });
    }
    // Fastify's own 4xx (body too large, bad JSON, unsupported media type …): say it in Chinese.
    const messages: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: '提交的内容过大',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持的内容类型',
      FST_ERR_CTP_EMPTY_JSON_BODY: '请求内容不能为空',
      FST_ERR_CTP_INVALID_JSON_BODY: '请求内容不是有效的 JSON',
    };
    return reply.status(status).send({ message: messages[error.code] ?? '请求有误', fields: [] });
  });
}
