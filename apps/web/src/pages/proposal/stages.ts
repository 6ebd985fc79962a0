import type { CaseStage } from '../../api/types';

/** The Green Book's business cases, in the words a board paper uses. */
export const STAGE_NAMES: Record<CaseStage, string> = {
  SOC: 'strategic outline case',
  OBC: 'outline business case',
  FBC: 'full business case',
  BJC: 'business justification case',
};
