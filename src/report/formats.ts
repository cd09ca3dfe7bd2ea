// The report formats' names: what `--format` accepts, known without loading the formatters.
export const FORMATS = ['pretty', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
