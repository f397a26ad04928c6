// The engine's public face: what the CLI, the language server, the export and the
// transcript index use. The agent hooks import single modules instead, so their
// bundle stays free of the schema validator (test/hooks/bundle.test.ts), and so
// do the transcript readers, so the index worker's bundle stays small.
export * from './cache/checkCache';
export * from './getOrCreate';
export * from './io/cachedCheck';
export * from './io/checkCacheFile';
export * from './io/json';
export * from './io/lastRun';
export * from './io/paths';
export * from './io/policyFiles';
export * from './io/textFile';
export * from './io/walker';
export * from './io/watchmanJournal';
export * from './io/workspace';
export * from './policy/parse';
export * from './policy/spec';
export * from './policy/stack';
export * from './policy/starter';
export * from './policy/tools';
export * from './policy/zones';
export * from './provenance/analyze';
export * from './provenance/findings';
export * from './provenance/fixAll';
export * from './provenance/fixes';
export * from './provenance/ledger';
export * from './provenance/lineDiff';
export * from './provenance/lines';
export * from './version';
