import { formatJson } from './json';
import { formatText } from './text';
import type { Formatter } from './types';

export const FORMATTERS: Record<string, Formatter> = {
  text: formatText,
  json: formatJson,
};
