/** Usage and configuration errors: one line on stderr, nothing on stdout, exit code 2. */
export class CliError extends Error {}
