// The public programmatic API.
export { detect } from './detect/index.js';
export type { DetectOptions, Finding, RuleId, Confidence } from './detect/types.js';
export { scanPaths, scanStaged } from './scan/scan.js';
export type { ScanResult, LocatedFinding, Skipped, SkipReason } from './scan-result.js';
