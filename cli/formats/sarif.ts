import { toSarif } from '../../engine/report/sarif';
import type { Formatter } from './types';

export const formatSarif: Formatter = (result, opts) => JSON.stringify(toSarif(result, { toolVersion: opts.toolVersion, catalogue: opts.catalogue }), null, 2) + '\n';
