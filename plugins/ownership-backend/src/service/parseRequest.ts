import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express from 'express';
import { z } from 'zod';
import { nulCharacterPath, queryNumber } from '@steward/http-input';

/**
 * Parses a request part (query, body, params) with zod; a 400 names every
 * field and the rule it breaks (`entityRef: must be an entity ref, like ...`).
 */
export function parseRequest<T>(options: {
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  value: unknown;
  what: string;
}): T {
  const { what } = options;
  const nul = nulCharacterPath(options.value);
  if (nul !== undefined) {
    throw new InputError(
      `Invalid ${what}: ${nul || what}: must not contain NUL characters`,
    );
  }
  const parsed = options.schema.safeParse(options.value);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(i =>
          i.code === z.ZodIssueCode.unrecognized_keys
            ? `${i.keys.join(', ')}: not a known parameter`
            : `${i.path.join('.') || what}: ${
                i.code === z.ZodIssueCode.invalid_type &&
                i.received === 'undefined'
                  ? 'is required'
                  : i.message
              }`,
        )
        .join('; ')}`,
    );
  }
  return parsed.data;
}

const ENTITY_REF_PARTS = makeValidator();

/** An entity ref parameter, written in full (`group:default/sre`) on the way in. */
export function entityRefParam(defaultKind: string) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value, {
          defaultKind,
          defaultNamespace: 'default',
        });
        // Checked here: the catalog refuses a malformed name with a 400
        // that would not say which parameter held it.
        if (
          !ENTITY_REF_PARTS.isValidKind(ref.kind) ||
          !ENTITY_REF_PARTS.isValidNamespace(ref.namespace) ||
          !ENTITY_REF_PARTS.isValidEntityName(ref.name)
        ) {
          throw new Error('malformed');
        }
        return stringifyEntityRef(ref);
      } catch {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be an entity ref, like ${defaultKind}:default/name`,
        });
        return z.NEVER;
      }
    });
}

/** `at`: an ISO 8601 date-time or Unix ms; default now. */
export const atParam = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return Date.now();
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    // Beyond the Date range a time cannot be rendered back (a 500).
    if (!Number.isFinite(ms) || ms > 8_640_000_000_000_000) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'must be an ISO 8601 date-time or Unix milliseconds within the Date range',
      });
      return z.NEVER;
    }
    return ms;
  });

/**
 * A query naming exactly one of `groupRef` and `entityRef` (the Group, or an
 * entity it owns) as `ref`, beside the given parameters.
 */
export function groupOrEntityQueryWith<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({
      groupRef: entityRefParam('group').optional(),
      entityRef: entityRefParam('component').optional(),
    })
    .extend(shape)
    .strict()
    .refine(q => (q.groupRef === undefined) !== (q.entityRef === undefined), {
      message: 'give exactly one of groupRef and entityRef',
      path: ['groupRef'],
    })
    .transform(({ groupRef, entityRef, ...rest }) => ({
      ref: (groupRef ?? entityRef)!,
      ...rest,
    }));
}

/** `groupRef` or `entityRef`, and `at`. */
export const groupOrEntityQuery = groupOrEntityQueryWith({ at: atParam });

/**
 * A read endpoint for signed-in users: checks the caller is a user (401
 * without a token, 403 for a service), parses the query, answers JSON.
 */
export function userQueryHandler<Q>(options: {
  httpAuth: HttpAuthService;
  query: z.ZodType<Q, z.ZodTypeDef, unknown>;
  answer: (query: Q, credentials: BackstageCredentials) => Promise<unknown>;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const query = parseRequest({
      schema: options.query,
      value: req.query,
      what: 'query',
    });
    res.json(await options.answer(query, credentials));
  };
}

/**
 * `:id` of a stored row: the tables' ids are 32-bit serials, and PostgreSQL
 * refuses a larger integer with an error (a 500) instead of finding nothing.
 */
export const rowIdParams = z.object({
  id: queryNumber(z.number().int().positive().max(2_147_483_647)),
});
