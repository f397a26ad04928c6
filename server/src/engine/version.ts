// The AI Fence version, set by the bundler; caches keyed by it never outlive a release.
declare const AIFENCE_VERSION: string | undefined;

export const VERSION = typeof AIFENCE_VERSION === 'string' ? AIFENCE_VERSION : '0.0.0-dev';
