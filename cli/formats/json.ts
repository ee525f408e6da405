import { toJsonReport } from '../../engine/report/json';
import type { Formatter } from './types';

export const formatJson: Formatter = (result, opts) => JSON.stringify(toJsonReport(result, opts.toolVersion), null, 2) + '\n';
