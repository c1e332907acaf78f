/**
 * The API as its OpenAPI document describes it, for tests that walk every route without a hand-kept
 * list (the scope prober, input fuzzing): the operations with their parameters and request bodies,
 * path parameters filled by the caller, and minimal values that satisfy a request body's schema.
 */
import type { FastifyInstance } from 'fastify';

/** The part of JSON Schema the zod → OpenAPI 3.0 transform produces. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  nullable?: boolean;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  /** `GET /api/orgs/{id}`: how route lists (exemptions, cases) name an operation. */
  key: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The templated path, `/api/orgs/{id}`. */
  path: string;
  summary: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body's schema, when the route takes one (multipart uploads are not described). */
  body: JsonSchema | undefined;
}

interface Document {
  paths: Record<string, Record<string, { summary?: string; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>>;
}

/** Every operation of the app's OpenAPI document (the document itself is hidden from it). */
export async function listOperations(app: FastifyInstance): Promise<Operation[]> {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Document;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const parameters = op.parameters ?? [];
      return {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        summary: op.summary ?? '',
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      };
    }),
  );
}

/**
 * The collection a path parameter picks a member of: the path up to it, earlier parameters kept as
 * templates — `/api/people/duplicates` for `{id}` of `/api/people/duplicates/{id}/merge`,
 * `/api/campaigns/{id}/beneficiaries` for `{beneficiaryId}`. Routes that share a collection share
 * the ids that fill it.
 */
export function collectionOf(path: string, name: string): string {
  return path.slice(0, path.indexOf(`/{${name}}`));
}

/** The path with each parameter replaced by `fill(parameter, collection)`, URL-encoded. */
export function fillPath(op: Pick<Operation, 'path' | 'pathParams'>, fill: (p: Parameter, collection: string) => string | number): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const p = op.pathParams.find((x) => x.name === name) ?? { name, in: 'path' as const };
    return encodeURIComponent(String(fill(p, collectionOf(op.path, name))));
  });
}

/** A value of the parameter's type that names nothing in particular (the guard runs before it is looked up). */
export function samplePathValue(p: Parameter): string {
  if (p.schema?.type === 'integer' || p.schema?.type === 'number') return '1';
  if (p.schema?.format === 'uuid') return '00000000-0000-4000-8000-000000000001';
  return p.name === 'code' ? 'courier' : 'x1';
}

/**
 * A minimal value that the schema accepts: required properties only, the first of an enum, the
 * smallest number and the shortest string allowed, a date for fields named like dates. `pick`
 * may answer for a property by its name first (to put chosen ids into a body); it returns
 * undefined to leave the property to the sampler, and may answer for optional properties too.
 */
export function sampleValue(schema: JsonSchema, pick?: (name: string, schema: JsonSchema) => unknown, name = ''): unknown {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return sampleValue(alternatives.find((s) => s.type !== 'null') ?? alternatives[0]!, pick, name);
  if (schema.allOf) return sampleValue(Object.assign({}, ...schema.allOf) as JsonSchema, pick, name);
  if (schema.enum) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        const picked = pick?.(key, prop);
        if (picked !== undefined) out[key] = picked;
        else if (schema.required?.includes(key)) out[key] = sampleValue(prop, pick, key);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValue(schema.items ?? {}, pick, name));
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const exclusive = schema.exclusiveMinimum === true || (typeof schema.exclusiveMinimum === 'number' && schema.exclusiveMinimum >= min);
      return Math.max(exclusive ? Math.floor(min) + 1 : Math.ceil(min), schema.type === 'integer' ? 0 : min);
    }
    case 'boolean':
      return false;
    case 'string':
      return sampleString(schema, name);
    default:
      return schema.nullable ? null : {};
  }
}

function sampleString(schema: JsonSchema, name: string): string {
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000001';
  if (schema.format === 'date' || /(^on$|On$|^date$|From$|Until$|^from$|^to$)/.test(name)) return '2026-03-01';
  if (schema.format === 'date-time') return '2026-03-01T00:00:00.000Z';
  if (/^idNumber$|IdNumber$/.test(name)) return '11010519491231002X';
  if (/phone/i.test(name)) return '13800138000';
  const text = /key$/i.test(name) ? 'probe-key-0001' : '测试';
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  return text.padEnd(min, '试').slice(0, Math.max(min, Math.min(max, text.length)));
}
