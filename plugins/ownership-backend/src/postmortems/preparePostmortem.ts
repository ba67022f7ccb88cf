import { InputError } from '@backstage/errors';
import {
  Postmortem,
  validatePostmortem,
} from '@steward/plugin-ownership-common';
import { SloApi } from '@steward/plugin-slo-common';
import { PostmortemSloContext, sloContextOf } from './sloContextOf';

/**
 * Validates a postmortem document (400 naming every field and rule) and
 * reads its SLO context.
 */
export async function preparePostmortem(options: {
  document: unknown;
  slo: SloApi;
  nowMs: number;
}): Promise<{ document: Postmortem; slos: PostmortemSloContext[] }> {
  const result = validatePostmortem(options.document);
  if (!result.ok) {
    throw new InputError(
      `Invalid postmortem: ${result.issues
        .map(i => `document.${i.path} ${i.message}`)
        .join('; ')}`,
    );
  }
  return {
    document: result.value,
    slos: await sloContextOf({
      slo: options.slo,
      postmortem: result.value,
      nowMs: options.nowMs,
    }),
  };
}
