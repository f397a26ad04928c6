// Inside walked directories the walk already saw every policy file, so other
// directories need no failed open each (a big tree has 100k of them). The
// walk reports a directory's policy file before anything inside it, so
// `known` may grow while files are checked.
import { nodePolicyReader, POLICY_FILE_NAME, type PolicyReader } from '../engine';

export function walkedPolicyReader(walked: readonly string[], known: ReadonlySet<string>): PolicyReader {
  return {
    readText(p) {
      const inWalk = walked.some((w) => p.startsWith(`${w}/`));
      if (inWalk && p.endsWith(`/${POLICY_FILE_NAME}`) && !known.has(p)) return undefined;
      return nodePolicyReader.readText(p);
    },
  };
}
