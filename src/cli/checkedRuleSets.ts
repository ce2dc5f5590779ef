import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { crc32 } from 'node:zlib';
import type { _CheckedRuleSets } from '../schema/parse.js';
import type { RuleSet } from '../schema/ruleSet.js';

/**
 * The rule sets the command has checked, kept in the launcher's cache folder beside its compiled code: for each
 * text, what the rule set schema gave for it, in a file named by the program's build and the text's length and
 * CRC-32, which holds the text too (a file whose text is not this one's is not used). A run on a rule set whose
 * text was checked before under the same build takes the kept rule set instead of parsing the text with the schema
 * again; the cross-references and the warnings are checked as for any rule set. A file that cannot be read or
 * written is done without, as the compiled code's is.
 *
 * @param folder - the cache folder, one the launcher has found safe to use
 * @param program - the program's build, as the launcher names it (its length and checksum)
 */
export function _checkedRuleSetsIn(folder: string, program: string): _CheckedRuleSets {
  const file = (text: string) => join(folder, `kaoping-${program}-rule-set-${text.length}-${crc32(text).toString(16)}.json`);
  return {
    get(text) {
      try {
        const kept = JSON.parse(readFileSync(file(text), 'utf8')) as { text?: unknown; ruleSet?: unknown } | null;
        // anything but a rule set's object (a file written over by hand) is not taken
        return kept?.text === text && typeof kept.ruleSet === 'object' && kept.ruleSet !== null && !Array.isArray(kept.ruleSet) ? (kept.ruleSet as RuleSet) : undefined;
      } catch {
        return undefined;
      }
    },
    keep(text, ruleSet) {
      // kept only where its JSON gives it back exactly: a file can hold nothing else
      const written = JSON.stringify({ text, ruleSet });
      if (!isDeepStrictEqual((JSON.parse(written) as { ruleSet: unknown }).ruleSet, ruleSet)) return;
      const path = file(text);
      const temporary = `${path}.${process.pid}.tmp`;
      try {
        writeFileSync(temporary, written, { mode: 0o600 });
        renameSync(temporary, path);
      } catch {
        _forget(temporary);
      }
    },
  };
}

/** Removes a file if it can: a run that has done its work does not fail for a file it could not keep. */
function _forget(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // left in the cache folder, which can be emptied at any time
  }
}
