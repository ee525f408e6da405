// Replaced at bundle time would be nicer, but reading package.json keeps one source of truth.
import pkg from '../package.json';

export const VERSION: string = pkg.version;
